package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanedit.adapter.dashscope.ScriptedServer.Reply;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.OutcomeUnknown;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recorded DashScope replies (src/test/resources/dashscope, from the seeds and the public captures
 * in the protocol notes) played back by a scripted loopback server, whole and cut short, through the
 * real adapter: what each answer means for a create.
 */
class RecordedRepliesTest {

    private final ScriptedServer server = new ScriptedServer();
    private final DashScopeImageEditing editing = Emulated.editing(DashScopeSettings.builder(
                    ApiKeys.of(Map.of(Region.BEIJING, "sk-recorded-test-key")))
            .endpoint(URI.create(server.baseUrl()))
            .readTimeout(Duration.ofSeconds(5))
            .sleeper(d -> { })
            .build());

    @AfterEach
    void stop() {
        server.close();
    }

    private static EditRequest wan25() {
        return EditRequest.draft("wan2.5-i2i-preview").prompt("Change the floral dress to a vintage-style lace long dress")
                .image(Fixtures.remote("https://example.com/dress.png")).n(1).build();
    }

    @Test
    void aCreateReplyCutShortBeforeItsTaskId_isOutcomeUnknown_takenByTheService_withoutParserInternals() {
        String recorded = Fixtures.read("wan25-create-response.json");
        server.then(Reply.cut(200, recorded, recorded.indexOf("\"task_id\"") - 2));

        OutcomeUnknown e = catchThrowableOfType(OutcomeUnknown.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));

        assertThat(e.doubt()).isEqualTo(CreateDoubt.Cause.UNREADABLE_ANSWER);
        assertThat(e.getMessage()).contains("HTTP 200").contains("cut short").contains("never sent again")
                .doesNotContain("Unexpected end-of-input").doesNotContain("dto.").doesNotContain("jackson");
        assertThat(server.count("POST")).isEqualTo(1);
    }

    @Test
    void aCreateReplyCutShortAfterItsTaskId_stillYieldsTheTask() {
        String recorded = Fixtures.read("wan25-create-response.json");
        int afterId = recorded.indexOf("\"task_id\"") + "\"task_id\": \"0385dc79-5ff8-4d82-bcb6-xxxxxx\"".length() + 1;
        server.then(Reply.cut(200, recorded, afterId));

        Submission s = editing.submit(wan25(), SubmitMode.ASYNC);

        assertThat(s.task().taskId()).isEqualTo("0385dc79-5ff8-4d82-bcb6-xxxxxx");
        assertThat(s.status()).isEqualTo(RemoteStatus.PENDING);
    }

    @Test
    void aGarbled2xx_isOutcomeUnknownTaken() {
        server.then(Reply.json(200, "\u0000\u00ff<<not json at all>>"));
        OutcomeUnknown e = catchThrowableOfType(OutcomeUnknown.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.doubt()).isEqualTo(CreateDoubt.Cause.UNREADABLE_ANSWER);
    }

    @Test
    void aGatewayPage_502_onACreate_isOutcomeUnknown_andSaysWhatCameBack() {
        server.then(Reply.html(502, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
                + "</h1></center><hr><center>Tengine</center></body></html>"));

        OutcomeUnknown e = catchThrowableOfType(OutcomeUnknown.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));

        assertThat(e.doubt()).isEqualTo(CreateDoubt.Cause.GATEWAY_ERROR);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.getMessage()).contains("502 Bad Gateway").doesNotContain("<html>");
        assertThat(server.count("POST")).as("never repeated by the adapter").isEqualTo(1);
    }

    @Test
    void aRecordedSucceededQuery_repeatsThePromptAndTheImageCount() {
        server.then(Reply.json(200, Fixtures.read("wan25-task-succeeded.json")));

        TaskSnapshot s = editing.fetch(new RemoteTaskRef("7f4836cd-1c47-41b3-b3a4-xxxxxx", Region.BEIJING, editing.endpoint()));

        assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(s.echo().prompt()).hasValueSatisfying(p -> assertThat(p).startsWith("Change the floral dress"));
        assertThat(s.echo().imagesRequested()).hasValue(1);
    }

    @Test
    void aQueryReplyCutShort_isUnavailable_neverTakenForAStatus() {
        String recorded = Fixtures.read("wan25-task-succeeded.json");
        server.then(Reply.cut(200, recorded, recorded.length() / 2));

        RemoteServiceException.Unavailable e = catchThrowableOfType(RemoteServiceException.Unavailable.class,
                () -> editing.fetch(new RemoteTaskRef("7f4836cd-1c47-41b3-b3a4-xxxxxx", Region.BEIJING, editing.endpoint())));

        assertThat(e.getMessage()).contains("cut short");
        assertThat(server.count("GET")).isEqualTo(1);
    }

    @Test
    void aRecordedUnknownQuery_isUnknown() {
        server.then(Reply.json(200, Fixtures.read("wan25-task-unknown.json")));
        assertThat(editing.fetch(new RemoteTaskRef("never-was", Region.BEIJING, editing.endpoint())).status())
                .isEqualTo(RemoteStatus.UNKNOWN);
        assertThat(Optional.of(server.received().get(0))).hasValueSatisfying(r -> assertThat(r).endsWith("/tasks/never-was"));
    }
}
