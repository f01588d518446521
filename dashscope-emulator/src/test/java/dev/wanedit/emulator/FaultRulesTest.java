package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultRulesTest {

    private static FaultRules.Draft one(String rule) {
        return FaultRules.parseAll(List.of(rule)).get(0);
    }

    @Test
    void a_full_rule_parses_into_endpoints_matchers_count_and_fault() {
        FaultRules.Draft d = one("on=create model=wan2.5-i2i-preview prompt='(?i)red cat' times=2 do=fail "
                + "code=InternalError.Algo message=\"it broke, \\\"badly\\\"\"");

        assertThat(d.endpoints()).containsExactlyInAnyOrder(Endpoint.IMAGE_SYNTHESIS, Endpoint.IMAGE_GENERATION,
                Endpoint.MULTIMODAL_GENERATION);
        assertThat(d.model()).isEqualTo("wan2.5-i2i-preview");
        assertThat(d.prompt()).isEqualTo("(?i)red cat");
        assertThat(d.times()).isEqualTo(2);
        assertThat(d.fault().kind()).isEqualTo(Fault.Kind.TASK_FAILED);
        assertThat(d.fault().code()).isEqualTo("InternalError.Algo");
        assertThat(d.fault().message()).isEqualTo("it broke, \"badly\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "on=create times=2 do=fail code=InternalError.Algo message=\"an algorithm error\"",
            "on=create times=always do=fail-images images=0,2 code=InternalError.Timeout message=late",
            "on=image-synthesis times=1 do=error status=400 code=DataInspectionFailed message=\"Input data may contain inappropriate content.\"",
            "on=create times=always do=fail code=DataInspectionFailed message=\"Output data may contain inappropriate content.\"",
            "on=create times=1 do=expire after=10m",
            "on=create times=1 do=unknown queries=3",
            "on=query times=2 do=unknown",
            "on=create times=always do=list-lag for=30s",
            "on=query,list times=3 do=error status=429 code=Throttling.RateQuota message=slow retry-after=2s",
            "on=any times=1 do=gateway status=504 when=after",
            "on=create times=1 do=reset when=after",
            "on=tasks times=1 do=stall for=1500ms",
            "on=create times=1 do=truncate cut=after-id length=cut when=after",
            "on=download times=1 do=truncate cut=100 length=full",
            "on=download times=1 do=garble",
            "on=upload times=1 do=error status=403 code=AccessDenied message=\"Policy expired.\"",
    })
    void the_text_of_a_registered_rule_parses_back_to_the_same_rule(String text) {
        Faults faults = new Faults(EmulatorClock.manual(EmulatorExtension.DEFAULT_START));
        Faults.Rule rule = faults.add(text);

        Faults.Rule again = faults.add(rule.text());

        assertThat(again.spec()).isEqualTo(rule.spec());
        assertThat(rule.text()).isEqualTo(text);
    }

    @Test
    void rules_built_in_java_have_a_text_that_parses_to_the_same_rule() {
        Faults faults = new Faults(EmulatorClock.manual(EmulatorExtension.DEFAULT_START));
        List<Faults.Rule> java = List.of(
                faults.onCreate().once().inject(Fault.createThenReset()),
                faults.onCreate().times(2).inject(Fault.createThenStall(Duration.ofSeconds(30))),
                faults.onCreate().inject(Fault.createThenTruncatedAfterTaskId()),
                faults.onCreate().inject(Fault.createThenGatewayError(502)),
                faults.onCreate().inject(Fault.imagesTimeout(1)),
                faults.onCreate().inject(Fault.outputInspectionFailed()),
                faults.on(Endpoint.RESULT_DOWNLOAD).times(3).inject(Fault.downloadForbidden()),
                faults.on(Endpoint.RESULT_DOWNLOAD).inject(Fault.downloadTruncated()),
                faults.on(Endpoint.TASK_QUERY).inject(Fault.throttled().withRetryAfter(Duration.ofSeconds(2))),
                faults.onCreate().inject(Fault.listLag(Duration.ofHours(1))));

        for (Faults.Rule r : java) {
            assertThat(faults.add(r.text()).spec()).as(r.text()).isEqualTo(r.spec());
        }
        assertThat(java.get(0).text()).isEqualTo("on=create times=1 do=reset when=after");
        assertThat(java.get(1).text()).isEqualTo("on=create times=2 do=stall for=30s when=after");
    }

    @Test
    void the_json_form_has_the_same_keys_and_gives_the_same_rule() {
        FaultRules.Draft text = one("on=create model=wan2.7-image times=2 do=fail-images images=1,3");
        FaultRules.Draft json = FaultRules.parseJson(Wire.json(
                "{\"on\":[\"create\"],\"model\":\"wan2.7-image\",\"times\":2,\"do\":\"fail-images\",\"images\":[1,3]}")).get(0);

        assertThat(json.endpoints()).isEqualTo(text.endpoints());
        assertThat(json.times()).isEqualTo(2);
        assertThat(json.fault().spec()).isEqualTo(text.fault().spec());
        assertThat(FaultRules.parseJson(Wire.json("{\"rules\":[{\"on\":\"list\",\"do\":\"reset\"},{\"on\":\"create\","
                + "\"do\":\"list-lag\",\"for\":30}]}"))).hasSize(2)
                .last().satisfies(d -> assertThat(d.fault().duration()).isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void defaults_fill_in_code_message_status_and_times() {
        assertThat(one("on=create do=fail").fault().code()).isEqualTo("InternalError.Algo");
        assertThat(one("on=create do=fail").times()).isEqualTo(-1);
        assertThat(one("on=create do=fail-images images=1").fault().code()).isEqualTo("InternalError.Timeout");
        assertThat(one("on=query do=error status=503").fault().code()).isEqualTo("ModelUnavailable");
        assertThat(one("on=query do=error status=429").fault().message()).contains("rate limit");
        assertThat(one("on=download do=error status=403").fault().message()).isEqualTo("Request has expired.");
        assertThat(one("on=create do=gateway").fault().status()).isEqualTo(502);
        assertThat(one("on=create do=reject-input").fault().code()).isEqualTo("DataInspectionFailed");
        assertThat(one("on=create do=reject-output").fault().kind()).isEqualTo(Fault.Kind.TASK_FAILED);
        assertThat(one("on=create do=reject-output images=0").fault().kind()).isEqualTo(Fault.Kind.IMAGES_FAILED);
        assertThat(one("on=create do=unknown").fault().queries()).isEqualTo(1);
        assertThat(one("on=query do=unknown").fault().kind()).isEqualTo(Fault.Kind.UNKNOWN);
        assertThat(one("on=create do=truncate").fault().isAfterProcessing()).isFalse();
        assertThat(one("on=create do=stall for=2").fault().duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(one("on=create do=expire after=PT24H").fault().duration()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void every_problem_of_every_rule_is_reported_at_once_naming_the_key_and_the_allowed_values() {
        FaultRules.InvalidRules e = catchThrowableOfType(() -> FaultRules.check(List.of(
                "on=creat do=fial",
                "on=create model=wan9 times=0 do=fail images=1 colour=red",
                "on=query do=fail",
                "on=create do=error status=200 retry-after=soon",
                "on=query do=truncate cut=after-id",
                "on=create do=truncate cut=after-id",
                "do=stall",
                "on=create do=stall for=-1s when=later",
                "on=create prompt=( do=unknown queries=x",
                "on=create message=\"unclosed do=fail")), FaultRules.InvalidRules.class);

        List<String> lines = e.problems().stream().map(FaultRules.Problem::toString).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 1 ").contains("on: unknown endpoint 'creat'")
                .contains("allowed: create, image-synthesis"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 1 ").contains("do: unknown action 'fial'")
                .contains("fail, fail-images, reject-input"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 2 ").contains("model: unknown model 'wan9'")
                .contains("wan2.5-i2i-preview, wanx2.1-imageedit, wan2.7-image, wan2.7-image-pro"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 2 ").contains("times: '0' is not a whole number >= 1 or 'always'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 2 ").contains("images: does not apply to do=fail (do=fail takes: code, message)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 2 ").contains("colour: unknown key (keys: on, model, prompt, times, do"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 3 ").contains("on: do=fail applies to creates only"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 4 ").contains("status: '200' is not an error status (400 to 599)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 4 ").contains("retry-after: 'soon' is not a duration"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 5 ").contains("cut: before-id and after-id cut a create's reply"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 6 ").contains("cut: after-id needs when=after"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 7 ").contains("on: required"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 7 ").contains("for: required: a duration"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 8 ").contains("when: 'later' is not allowed (before or after)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 8 ").contains("for: '-1s' is not a duration"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 9 ").contains("prompt: not a regular expression"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 9 ").contains("queries: 'x' is not a whole number >= 1"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("rule 10 ").contains("the quoted value is not closed"));
        assertThat(e.getMessage()).contains("rule 1 (on=creat do=fial)");
    }

    @Test
    void adding_rules_is_all_or_nothing() {
        Faults faults = new Faults(EmulatorClock.manual(EmulatorExtension.DEFAULT_START));

        assertThatThrownBy(() -> faults.addAll(List.of("on=create do=fail", "on=nowhere do=fail")))
                .isInstanceOf(FaultRules.InvalidRules.class).hasMessageContaining("rule 2");

        assertThat(faults.rules()).isEmpty();
    }

    @Test
    void durations_read_the_usual_units_and_print_the_shortest_exact_form() {
        assertThat(FaultRules.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FaultRules.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(FaultRules.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(FaultRules.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(FaultRules.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(FaultRules.parseDuration("soon")).isNull();
        assertThat(FaultRules.formatDuration(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(FaultRules.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(FaultRules.formatDuration(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
