package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control API under /__emulator, driven by a plain java.net.http client as any language's tests would. */
class ControlApiTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    private static DashScopeEmulator emu() {
        return EMULATOR.emulator();
    }

    private static String wan25(String prompt) {
        return FaultFamiliesTest.wan25(prompt, 1);
    }

    @Test
    void it_needs_no_key_and_its_requests_are_not_in_the_journal() {
        Wire.Resp index = Wire.control(emu(), "GET", "/", null);
        Wire.Resp faults = Wire.control(emu(), "GET", "/faults", null);

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.json().path("routes").toString()).contains("POST /__emulator/faults", "POST /__emulator/clock/advance");
        assertThat(index.json().path("rule_grammar").asText()).contains("on=ENDPOINTS").contains("do=ACTION");
        assertThat(faults.status()).isEqualTo(200);
        assertThat(faults.json().path("rules")).isEmpty();
        assertThat(emu().journal().requests()).isEmpty();
    }

    @Test
    void no_dashscope_path_reaches_it() {
        String rule = "{\"on\":\"create\",\"do\":\"fail\"}";
        Wire.Resp underApi = Wire.post(emu(), "/__emulator/faults", rule, "Authorization", "Bearer " + emu().apiKey());
        Wire.Resp dotted = Wire.send(HttpRequest.newBuilder(URI.create(emu().apiBaseUrl() + "/../__emulator/faults"))
                .header("Authorization", "Bearer " + emu().apiKey()).POST(HttpRequest.BodyPublishers.ofString(rule)));

        assertThat(underApi.status()).isEqualTo(400);
        assertThat(underApi.code()).isEqualTo("InvalidParameter");
        assertThat(underApi.json().path("request_id").asText()).isNotBlank();
        assertThat(dotted.status()).isIn(400, 404);
        assertThat(emu().faults().rules()).isEmpty();
        assertThat(emu().journal().requests()).extracting(RecordedRequest::endpoint).containsOnly(Endpoint.OTHER);
    }

    @Test
    void rules_are_added_as_json_or_text_listed_with_what_fired_and_removed() {
        Wire.Resp json = Wire.control(emu(), "POST", "/faults",
                "{\"on\":\"create\",\"model\":\"wan2.5-i2i-preview\",\"times\":2,\"do\":\"fail\",\"code\":\"InternalError.Algo\","
                        + "\"message\":\"boom\"}");
        Wire.Resp array = Wire.control(emu(), "POST", "/faults", "[{\"on\":\"query\",\"times\":1,\"do\":\"error\",\"status\":503}]");
        Wire.Resp text = Wire.control(emu(), "POST", "/faults", "# a comment\non=list times=1 do=reset\non=download do=garble\n");

        assertThat(json.status()).isEqualTo(201);
        JsonNode first = json.json().path("rules").get(0);
        assertThat(first.path("rule").asText())
                .isEqualTo("on=create model=wan2.5-i2i-preview times=2 do=fail code=InternalError.Algo message=boom");
        assertThat(first.path("times").asInt()).isEqualTo(2);
        assertThat(array.json().path("rules").get(0).path("id").asText()).isEqualTo("r2");
        assertThat(text.json().path("rules")).hasSize(2);
        assertThat(emu().faults().rules()).hasSize(4);

        Wire.Resp create = Wire.create(emu(), Wire.SYNTHESIS, wan25("a hat"));
        JsonNode listed = Wire.control(emu(), "GET", "/faults", null).json().path("rules");
        JsonNode fail = listed.get(0);
        assertThat(fail.path("hits").asInt()).isEqualTo(1);
        assertThat(fail.path("remaining").asInt()).isEqualTo(1);
        assertThat(fail.path("fired").get(0).path("request_id").asText()).isEqualTo(create.json().path("request_id").asText());
        assertThat(fail.path("fired").get(0).path("endpoint").asText()).isEqualTo("image-synthesis");
        assertThat(listed.get(3).path("remaining").asInt()).as("always").isEqualTo(-1);

        assertThat(Wire.control(emu(), "DELETE", "/faults/r2", null).status()).isEqualTo(200);
        assertThat(Wire.control(emu(), "DELETE", "/faults/r2", null).status()).isEqualTo(404);
        assertThat(emu().faults().rules()).extracting(Faults.Rule::id).containsExactly("r1", "r3", "r4");
        assertThat(Wire.control(emu(), "DELETE", "/faults", null).json().path("removed").asInt()).isEqualTo(3);
        assertThat(emu().faults().rules()).isEmpty();
    }

    @Test
    void bad_rules_are_refused_with_every_problem_naming_the_key_and_nothing_is_added() {
        Wire.Resp r = Wire.control(emu(), "POST", "/faults",
                "[{\"on\":\"create\",\"do\":\"fail\"},{\"on\":\"everywhere\",\"do\":\"explode\",\"times\":0}]");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("InvalidRule");
        List<String> keys = new ArrayList<>();
        r.json().path("problems").forEach(p -> {
            assertThat(p.path("rule").asInt()).isEqualTo(2);
            keys.add(p.path("key").asText());
        });
        assertThat(keys).containsExactlyInAnyOrder("on", "do", "times");
        assertThat(r.json().path("message").asText()).contains("unknown endpoint 'everywhere' (allowed: create,")
                .contains("unknown action 'explode' (one of: fail,");
        assertThat(emu().faults().rules()).isEmpty();
        assertThat(Wire.control(emu(), "POST", "/faults", "{not json").status()).isEqualTo(400);
        assertThat(Wire.control(emu(), "POST", "/faults", "").status()).isEqualTo(400);
    }

    @Test
    void the_request_journal_shows_headers_with_the_key_masked_and_bodies_summarised() {
        emu().faults().add("on=create times=1 do=error status=429");
        Wire.create(emu(), Wire.SYNTHESIS, wan25("first"));
        Wire.create(emu(), Wire.SYNTHESIS, wan25("second"));
        Wire.task(emu(), "abc");

        JsonNode all = Wire.control(emu(), "GET", "/requests", null).json();
        JsonNode creates = Wire.control(emu(), "GET", "/requests?endpoint=create", null).json();
        JsonNode throttled = Wire.control(emu(), "GET", "/requests?status=429", null).json();
        JsonNode last = Wire.control(emu(), "GET", "/requests?limit=1", null).json();

        assertThat(all.path("total").asInt()).isEqualTo(3);
        assertThat(creates.path("total").asInt()).isEqualTo(2);
        JsonNode c = creates.path("requests").get(0);
        assertThat(c.path("endpoint").asText()).isEqualTo("image-synthesis");
        assertThat(c.path("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(c.path("status").asInt()).isEqualTo(429);
        assertThat(c.path("faults").get(0).asText()).isEqualTo("r1");
        assertThat(c.path("headers").path("authorization").asText()).startsWith("Bearer ****").doesNotContain(emu().apiKey());
        assertThat(c.path("headers").path("x-dashscope-async").asText()).isEqualTo("enable");
        assertThat(c.path("body").path("bytes").asLong()).isGreaterThan(1000);
        assertThat(c.path("body").path("json").path("input").path("images").get(0).asText())
                .startsWith("data:image/png;base64,…(").endsWith(" chars)");
        assertThat(c.path("body").path("json").path("input").path("prompt").asText()).isEqualTo("first");
        assertThat(throttled.path("total").asInt()).isEqualTo(1);
        assertThat(last.path("requests").get(0).path("endpoint").asText()).isEqualTo("query");
        assertThat(all.toString()).doesNotContain(emu().apiKey());
        assertThat(Wire.control(emu(), "GET", "/requests?endpoint=nowhere", null).status()).isEqualTo(400);
    }

    @Test
    void the_tasks_view_lists_every_create_with_model_prompt_n_time_and_key_id() {
        emu().faults().add("on=create prompt=lagging do=list-lag for=1m");
        String a = Wire.create(emu(), Wire.SYNTHESIS, wan25("a lamp")).taskId();
        Wire.create(emu(), Wire.SYNTHESIS, wan25("a lagging lamp"));

        JsonNode tasks = Wire.control(emu(), "GET", "/tasks", null).json();
        JsonNode none = Wire.control(emu(), "GET", "/tasks?model=wan2.7-image", null).json();

        assertThat(tasks.path("total").asInt()).isEqualTo(2);
        JsonNode t = tasks.path("tasks").get(0);
        assertThat(t.path("task_id").asText()).isEqualTo(a);
        assertThat(t.path("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(t.path("prompt").asText()).isEqualTo("a lamp");
        assertThat(t.path("n").asInt()).isEqualTo(1);
        assertThat(t.path("created_at").asText()).isEqualTo(EmulatorExtension.DEFAULT_START.toString());
        assertThat(t.path("api_key_id").asText()).isEqualTo(Router.apiKeyId(emu().apiKey())).doesNotContain(emu().apiKey());
        assertThat(t.path("api_key").asText()).isEqualTo("****" + emu().apiKey().substring(emu().apiKey().length() - 4));
        assertThat(t.path("status").asText()).isEqualTo("PENDING");
        assertThat(t.path("listed").asBoolean()).isTrue();
        assertThat(tasks.path("tasks").get(1).path("listed").asBoolean()).isFalse();
        assertThat(tasks.path("tasks").get(1).path("faults").get(0).asText()).isEqualTo("r1");
        assertThat(none.path("total").asInt()).isZero();
    }

    @Test
    void the_clock_advances_and_can_be_set() {
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("x")).taskId();

        Wire.Resp advanced = Wire.control(emu(), "POST", "/clock/advance", "{\"seconds\": 90}");
        Wire.Resp byDuration = Wire.control(emu(), "POST", "/clock/advance", "{\"duration\": \"24h\"}");

        assertThat(advanced.json().path("now").asText()).isEqualTo(EmulatorExtension.DEFAULT_START.plusSeconds(90).toString());
        assertThat(advanced.json().path("manual").asBoolean()).isTrue();
        assertThat(byDuration.json().path("now_utc8").asText()).isEqualTo("2025-09-24 22:15:40.800");
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("UNKNOWN");
        assertThat(Wire.control(emu(), "POST", "/clock/set", "{\"now\":\"2025-09-23T14:15:00Z\"}").json().path("now").asText())
                .isEqualTo("2025-09-23T14:15:00Z");
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("RUNNING");
        assertThat(Wire.control(emu(), "POST", "/clock/advance", "{\"seconds\": -1}").status()).isEqualTo(400);
        assertThat(Wire.control(emu(), "POST", "/clock/advance", "{\"duration\": \"soon\"}").status()).isEqualTo(400);
        assertThat(Wire.control(emu(), "POST", "/clock/set", "{\"now\":\"yesterday\"}").status()).isEqualTo(400);
    }

    @Test
    void a_running_emulator_on_the_system_clock_shows_the_24h_expiry_of_tasks_and_result_urls() {
        try (DashScopeEmulator live = DashScopeEmulator.builder().port(0).timeScale(0).limitsEnabled(false).start()) {
            String id = Wire.create(live, Wire.SYNTHESIS, wan25("now")).taskId();
            JsonNode done = Wire.task(live, id).json().path("output");
            assertThat(done.path("task_status").asText()).isEqualTo("SUCCEEDED");
            String url = done.path("results").get(0).path("url").asText();
            assertThat(Wire.download(url).statusCode()).isEqualTo(200);

            Wire.Resp moved = Wire.control(live, "POST", "/clock/advance", "{\"seconds\": 86401}"); // URLs: Expires = end + 24 h, inclusive

            assertThat(moved.json().path("manual").asBoolean()).isFalse();
            assertThat(moved.json().path("offset_seconds").asDouble()).isEqualTo(86401.0);
            assertThat(Wire.task(live, id).status_()).isEqualTo("UNKNOWN");
            assertThat(Wire.get(live, "/tasks").json().path("total").asInt()).isZero();
            HttpResponse<byte[]> expired = Wire.download(url);
            assertThat(expired.statusCode()).isEqualTo(403);
            assertThat(new String(expired.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("Request has expired.");
        }
    }

    @Test
    void stats_count_429s_per_endpoint_and_the_busiest_second_per_group() {
        try (DashScopeEmulator limited = DashScopeEmulator.builder().port(0)
                .clock(EmulatorClock.manual(EmulatorExtension.DEFAULT_START)).concurrencyLimit(false).start()) {
            for (int i = 0; i < 6; i++) {
                Wire.create(limited, Wire.SYNTHESIS, wan25("n" + i));
            }
            Wire.task(limited, "a");
            Wire.get(limited, "/tasks");

            JsonNode stats = Wire.control(limited, "GET", "/stats", null).json();

            assertThat(stats.path("tasks_created").asInt()).isEqualTo(5);
            assertThat(stats.path("throttled").path("image-synthesis").path("Throttling.RateQuota").asInt()).isEqualTo(1);
            assertThat(stats.path("throttled_total").asInt()).isEqualTo(1);
            assertThat(stats.path("requests").path("image-synthesis").asInt()).isEqualTo(6);
            assertThat(stats.path("busiest_second").path("create:wan2.5-i2i-preview").asInt()).isBetween(1, 6);
            assertThat(stats.path("busiest_second").path("tasks").asInt()).isBetween(1, 2);
            assertThat(stats.path("most_tasks_from_one_body").asInt()).isEqualTo(1);
        }
    }

    @Test
    void reset_forgets_rules_journal_and_tasks_unless_told_to_keep_some() {
        emu().faults().add("on=list do=reset");
        String id = Wire.create(emu(), Wire.SYNTHESIS, wan25("x")).taskId();

        Wire.Resp keep = Wire.control(emu(), "POST", "/reset", "{\"faults\": false, \"tasks\": false}");
        assertThat(keep.json().path("journal").asBoolean()).isTrue();
        assertThat(emu().faults().rules()).hasSize(1);
        assertThat(emu().journal().requests()).isEmpty();
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("PENDING");

        Wire.control(emu(), "POST", "/reset", null);
        assertThat(emu().faults().rules()).isEmpty();
        assertThat(emu().journal().requests()).isEmpty();
        assertThat(emu().journal().createdTasks()).isEmpty();
        assertThat(Wire.task(emu(), id).status_()).isEqualTo("UNKNOWN");
    }

    @Test
    void settings_switch_limits_and_over_concurrency_while_running() {
        Wire.Resp before = Wire.control(emu(), "GET", "/settings", null);
        Wire.Resp changed = Wire.control(emu(), "POST", "/settings", "{\"over_concurrency\":\"queue\",\"concurrency_limit\":true}");
        Wire.Resp bad = Wire.control(emu(), "POST", "/settings", "{\"over_concurrency\":\"drop\",\"speed\":1}");

        assertThat(before.json().path("over_concurrency").asText()).isEqualTo("reject");
        assertThat(before.json().path("concurrency_limit").asBoolean()).isFalse();
        assertThat(changed.json().path("over_concurrency").asText()).isEqualTo("queue");
        assertThat(changed.json().path("concurrency_limit").asBoolean()).isTrue();
        assertThat(emu().config().overConcurrency).isEqualTo(OverConcurrency.QUEUE);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).contains("over_concurrency: reject or queue").contains("speed: not a setting");
    }

    @Test
    void unknown_routes_and_methods_are_refused_plainly() {
        assertThat(Wire.control(emu(), "GET", "/nothing", null).status()).isEqualTo(404);
        assertThat(Wire.control(emu(), "PUT", "/faults", null).status()).isEqualTo(405);
        assertThat(Wire.control(emu(), "GET", "/reset", null).status()).isEqualTo(405);
    }
}
