package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesis;
import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesisParam;
import com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesisResult;
import com.alibaba.dashscope.exception.ApiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official DashScope Java SDK ({@code com.alibaba:dashscope-sdk-java}, test scope) as the
 * client, the way the new user drove the emulator: every answer must be one the SDK parses
 * into its result objects (its {@code fromDashScopeResult} logs "Result no output" exactly when
 * {@code getOutput()} is null).
 */
class OfficialSdkTest {
    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));

    private static DashScopeEmulator emu() {
        return EMULATOR.emulator();
    }

    private static ImageSynthesisParam wan25(String prompt) {
        return ImageSynthesisParam.builder().apiKey(emu().apiKey()).model("wan2.5-i2i-preview").prompt(prompt)
                .images(List.of(FaultsTest.PNG)).n(1).build();
    }

    private static ImageSynthesis synthesis(String task) {
        return new ImageSynthesis(task, emu().apiBaseUrl());
    }

    @Test
    void async_call_fetch_and_wait_see_the_life_cycle_and_the_results() throws Exception {
        ImageSynthesisResult created = synthesis("image2image").asyncCall(wan25("a brass clock"));
        String id = created.getOutput().getTaskId();
        assertThat(created.getOutput().getTaskStatus()).isEqualTo("PENDING");

        emu().clock().advance(Duration.ofMinutes(2));
        ImageSynthesisResult done = synthesis("image2image").wait(id, emu().apiKey());

        assertThat(done.getOutput().getTaskStatus()).isEqualTo("SUCCEEDED");
        assertThat(done.getOutput().getResults()).singleElement().satisfies(r -> assertThat(r.get("url")).startsWith(emu().baseUrl()));
        assertThat(done.getUsage().getImageCount()).isEqualTo(1);
        assertThat(done.getRequestId()).isNotBlank();
    }

    @Test
    void cancel_of_a_pending_task_has_an_output_the_sdk_reads() throws Exception {
        String id = synthesis("image2image").asyncCall(wan25("cancel me")).getOutput().getTaskId();

        ImageSynthesisResult cancelled = synthesis("image2image").cancel(id, emu().apiKey());

        assertThat(cancelled.getOutput()).as("no 'Result no output'").isNotNull();
        assertThat(cancelled.getOutput().getTaskId()).isEqualTo(id);
        assertThat(cancelled.getOutput().getTaskStatus()).isEqualTo("CANCELED");
        assertThat(synthesis("image2image").fetch(id, emu().apiKey()).getOutput().getTaskStatus()).isEqualTo("CANCELED");
    }

    @Test
    void an_injected_failure_reaches_the_sdk_as_a_failed_task_and_a_per_image_code() throws Exception {
        emu().faults().add("on=create times=1 do=fail code=InternalError.Algo message=boom");
        emu().faults().add("on=create times=1 do=fail-images images=0");
        String failed = synthesis("image2image").asyncCall(wan25("one")).getOutput().getTaskId();
        ImageSynthesisParam two = ImageSynthesisParam.builder().apiKey(emu().apiKey()).model("wan2.5-i2i-preview")
                .prompt("two").images(List.of(FaultsTest.PNG)).n(2).build();
        String partial = synthesis("image2image").asyncCall(two).getOutput().getTaskId();
        emu().clock().advance(Duration.ofMinutes(2));

        ImageSynthesisResult f = synthesis("image2image").fetch(failed, emu().apiKey());
        ImageSynthesisResult p = synthesis("image2image").fetch(partial, emu().apiKey());

        assertThat(f.getOutput().getTaskStatus()).isEqualTo("FAILED");
        assertThat(f.getOutput().getCode()).isEqualTo("InternalError.Algo");
        assertThat(f.getOutput().getMessage()).isEqualTo("boom");
        assertThat(p.getOutput().getTaskStatus()).isEqualTo("SUCCEEDED");
        assertThat(p.getOutput().getResults().get(0)).containsEntry("code", "InternalError.Timeout").doesNotContainKey("url");
        assertThat(p.getOutput().getResults().get(1)).containsKey("url");
        assertThat(p.getUsage().getImageCount()).isEqualTo(1);
    }

    @Test
    void the_sdk_default_text2image_path_answers_the_services_error_not_no_such_endpoint() {
        // ImageSynthesis uses text2image unless the model name contains imageedit or wan2.5-i2i
        ImageSynthesisParam wan27 = ImageSynthesisParam.builder().apiKey(emu().apiKey()).model("wan2.7-image")
                .prompt("a kite").n(1).build();

        ApiException e = catchThrowableOfType(() -> synthesis("text2image").asyncCall(wan27), ApiException.class);

        assertThat(e.getStatus().getStatusCode()).isEqualTo(400);
        assertThat(e.getStatus().getCode()).isEqualTo("InvalidParameter");
        assertThat(e.getStatus().getMessage()).startsWith("url error, please check url！").doesNotContain("No such endpoint");
        assertThat(emu().journal().requests(Endpoint.TEXT2IMAGE)).singleElement()
                .satisfies(r -> assertThat(r.header("X-DashScope-Async")).isEqualTo("enable"));
    }

    @Test
    void a_throttled_create_reaches_the_sdk_as_429_with_the_code() {
        emu().faults().add("on=create times=1 do=error status=429 retry-after=3s");

        ApiException e = catchThrowableOfType(() -> synthesis("image2image").asyncCall(wan25("x")), ApiException.class);

        assertThat(e.getStatus().getStatusCode()).isEqualTo(429);
        assertThat(e.getStatus().getCode()).isEqualTo("Throttling.RateQuota");
        assertThat(emu().journal().tasksCreated()).isZero();
    }
}
