package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.OutcomeUnknown;
import dev.wanedit.application.port.out.RemoteServiceException.RateLimited;
import dev.wanedit.application.port.out.RemoteServiceException.Rejected;
import dev.wanedit.application.port.out.RemoteServiceException.Unauthorized;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.application.port.out.TaskPage;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.emulator.EmulatorExtension;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import dev.wanedit.emulator.Faults;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Error mapping and retry safety against the emulator's fault injection. The central property: a
 * create that may have reached the service is sent exactly once, whatever goes wrong.
 */
class ErrorsAndRetriesTest extends WiredToEmulator {

    private EditRequest wan25() {
        return EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit").image(env.published("a.png", 512, 512, 1)).n(1)
                .build();
    }

    private int creates() {
        return emu.journal().requests(Endpoint.IMAGE_SYNTHESIS).size();
    }

    @Test
    void timedOutCreate_isSentExactlyOnce_andReportedAsOutcomeUnknown_thenFoundInTheTaskList() {
        DashScopeImageEditing impatient = Emulated.editing(env.settings().readTimeout(Duration.ofMillis(300)).build());
        Faults.Rule stall = emu.faults().onCreate().inject(Fault.createThenStall(Duration.ofSeconds(20)));
        EditRequest r = wan25();

        OutcomeUnknown e = catchThrowableOfType(OutcomeUnknown.class, () -> impatient.submit(r, SubmitMode.ASYNC));

        assertThat(e).isNotNull();
        assertThat(stall.hits()).as("create requests received").isEqualTo(1);
        emu.faults().clear();
        assertThat(emu.journal().tasksCreated()).isEqualTo(1);
        String body = editing.preview(r, SubmitMode.ASYNC).body(); // exactly the bytes that were sent
        assertThat(emu.journal().tasksCreatedFor(body)).isEqualTo(1);
        assertThat(env.sleeps).as("no retry was even scheduled").isEmpty();

        List<RemoteTaskSummary> found = editing.listTaskPage(new TaskSearch(Region.BEIJING, editing.endpoint(),
                "wan2.5-i2i-preview", EmulatorExtension.DEFAULT_START.minusSeconds(60),
                EmulatorExtension.DEFAULT_START.plusSeconds(60)), 1).tasks();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).model()).isEqualTo("wan2.5-i2i-preview");
    }

    @Test
    void createResetAfterSending_isOutcomeUnknown_andNotRepeated() {
        emu.faults().onCreate().once().inject(Fault.createThenReset());
        assertThatThrownBy(() -> editing.submit(wan25(), SubmitMode.ASYNC)).isInstanceOf(OutcomeUnknown.class);
        assertThat(creates()).isEqualTo(1);
        assertThat(emu.journal().tasksCreated()).isEqualTo(1);
    }

    @Test
    void createWithUnreadableReply_isOutcomeUnknown() {
        emu.faults().onCreate().once().inject(Fault.malformedJson());
        assertThatThrownBy(() -> editing.submit(wan25(), SubmitMode.ASYNC)).isInstanceOf(OutcomeUnknown.class);
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void syncCreateTimingOut_isOutcomeUnknown_andNotRepeated() {
        DashScopeImageEditing impatient = Emulated.editing(env.settings().syncReadTimeout(Duration.ofMillis(300)).build());
        // The emulator's createThenStall does not apply to the sync endpoint; a delay on every create
        // stands in for it, and the rule's hit count tells how many creates arrived (the journal
        // records a request only once it is answered).
        Faults.Rule slow = emu.faults().onCreate().inject(Fault.delay(Duration.ofSeconds(20)));
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("a kite").n(1).build();
        assertThatThrownBy(() -> impatient.submit(r, SubmitMode.SYNC)).isInstanceOf(OutcomeUnknown.class);
        assertThat(slow.hits()).as("creates received").isEqualTo(1);
        assertThat(env.sleeps).isEmpty();
    }

    @Test
    void createServerError_isOutcomeUnknown_andNotRepeated() {
        emu.faults().onCreate().inject(Fault.internalError());
        OutcomeUnknown e = catchThrowableOfType(OutcomeUnknown.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.doubt()).isEqualTo(dev.wanedit.domain.job.CreateDoubt.Cause.GATEWAY_ERROR);
        assertThat(e.getCause()).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) e.getCause()).code()).isEqualTo("InternalError");
        assertThat(creates()).isEqualTo(1);
        assertThat(env.sleeps).isEmpty();
    }

    @Test
    void gatewayTimeoutOnCreate_isOutcomeUnknown_andOnAQueryUnavailable_neitherRepeated() {
        emu.faults().onCreate().once().inject(Fault.error(504, "GatewayTimeout", "upstream timed out"));
        assertThatThrownBy(() -> editing.submit(wan25(), SubmitMode.ASYNC)).isInstanceOf(OutcomeUnknown.class);
        assertThat(creates()).isEqualTo(1);

        Submission s = editing.submit(wan25(), SubmitMode.ASYNC);
        emu.faults().on(Endpoint.TASK_QUERY).once().inject(Fault.error(504, "GatewayTimeout", "upstream timed out"));
        Unavailable e = catchThrowableOfType(Unavailable.class, () -> editing.fetch(s.task()));
        assertThat(e.httpStatus()).isEqualTo(504);
        assertThat(emu.journal().taskQueries(s.task().taskId())).as("the application retries, under the budget").isEqualTo(1);
    }

    @Test
    void throttledCreate_isReportedAtOnce_andAPreparedCreateCanBeSentAgain() {
        emu.faults().onCreate().once().inject(Fault.throttled());
        ImageEditingService.PreparedCreate prepared = editing.prepare(wan25(), SubmitMode.ASYNC, editing.endpoint());
        assertThatThrownBy(() -> editing.create(prepared)).isInstanceOf(RateLimited.class);
        Submission s = editing.create(prepared);
        assertThat(s.status()).isEqualTo(RemoteStatus.PENDING);
        assertThat(creates()).isEqualTo(2);
        assertThat(emu.journal().tasksCreated()).isEqualTo(1);
        assertThat(env.sleeps).as("no retry inside the adapter").isEmpty();
    }

    @Test
    void throttledCreate_withRetryAfter_carriesIt() {
        emu.faults().onCreate().inject(Fault.throttled().withRetryAfter(Duration.ofSeconds(1)));
        RateLimited e = catchThrowableOfType(RateLimited.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.code()).isEqualTo("Throttling.RateQuota");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(env.sleeps).isEmpty();
        assertThat(creates()).isEqualTo(1);
        assertThat(emu.journal().tasksCreated()).isZero();
    }

    @Test
    void longRetryAfter_isLeftToTheCaller() {
        emu.faults().onCreate().inject(Fault.throttled().withRetryAfter(Duration.ofSeconds(60)));
        RateLimited e = catchThrowableOfType(RateLimited.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(env.sleeps).isEmpty();
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void contentRejected_isRejected_withCodeAndRequestId() {
        emu.faults().onCreate().inject(Fault.dataInspectionFailed());
        Rejected e = catchThrowableOfType(Rejected.class, () -> editing.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.code()).isEqualTo("DataInspectionFailed");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.requestId()).isNotBlank();
        assertThat(e.getMessage()).contains("DataInspectionFailed");
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void queryServerErrors_areReportedAtOnce_withRetryAfter() {
        Submission s = editing.submit(wan25(), SubmitMode.ASYNC);
        emu.faults().on(Endpoint.TASK_QUERY).once().inject(Fault.serviceUnavailable().withRetryAfter(Duration.ofSeconds(3)));
        Unavailable e = catchThrowableOfType(Unavailable.class, () -> editing.fetch(s.task()));
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(emu.journal().taskQueries(s.task().taskId())).isEqualTo(1);
        assertThat(editing.fetch(s.task()).status()).isIn(RemoteStatus.PENDING, RemoteStatus.RUNNING);
        assertThat(env.sleeps).isEmpty();
    }

    @Test
    void slowQuery_timesOut_andIsNotRepeatedHere() {
        DashScopeImageEditing impatient = Emulated.editing(env.settings().readTimeout(Duration.ofMillis(300)).build());
        Submission s = editing.submit(wan25(), SubmitMode.ASYNC);
        emu.faults().on(Endpoint.TASK_QUERY).once().inject(Fault.delay(Duration.ofSeconds(20)));
        Unavailable e = catchThrowableOfType(Unavailable.class, () -> impatient.fetch(s.task()));
        assertThat(e.getMessage()).contains("timed out");
        assertThat(emu.journal().taskQueries(s.task().taskId())).isEqualTo(1);
    }

    @Test
    void refusedConnection_onCreate_isUnavailable_notOutcomeUnknown() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DashScopeImageEditing nowhere = Emulated.editing(env.settings().endpoint(URI.create("http://127.0.0.1:" + port))
                .build());
        Unavailable e = catchThrowableOfType(Unavailable.class, () -> nowhere.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getMessage()).contains("refused");
        assertThat(env.sleeps).as("the application decides about retrying a create").isEmpty();
    }

    @Test
    void wrongRegionKey_isUnauthorized_withARegionHint_andNeverShowsTheKey() {
        DashScopeImageEditing wrong = Emulated.editing(DashScopeSettings.builder(
                        ApiKeys.of(Region.BEIJING, emu.apiKey(dev.wanedit.emulator.Region.SINGAPORE)))
                .endpoint(URI.create(emu.baseUrl())).sleeper(env.sleeper).build());
        Unauthorized e = catchThrowableOfType(Unauthorized.class, () -> wrong.submit(wan25(), SubmitMode.ASYNC));
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("InvalidApiKey");
        assertThat(e.getMessage()).contains("region").doesNotContain(emu.apiKey(dev.wanedit.emulator.Region.SINGAPORE));
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void sameKeyForBothRegions_isNamedInTheHint() {
        String sg = emu.apiKey(dev.wanedit.emulator.Region.SINGAPORE);
        DashScopeImageEditing wrong = Emulated.editing(DashScopeSettings.builder(ApiKeys.of(Map.of(Region.BEIJING, sg,
                Region.SINGAPORE, sg))).endpoint(URI.create(emu.baseUrl())).sleeper(env.sleeper).build());
        Unauthorized e = catchThrowableOfType(Unauthorized.class, () -> wrong.fetch(new RemoteTaskRef("t", Region.BEIJING, wrong.endpoint())));
        assertThat(e.getMessage()).contains("same key").doesNotContain(sg);
    }

    @Test
    void missingKey_failsBeforeAnyCall() {
        DashScopeImageEditing keyless = Emulated.editing(DashScopeSettings.builder(ApiKeys.none())
                .endpoint(URI.create(emu.baseUrl())).build());
        assertThatThrownBy(() -> keyless.submit(wan25(), SubmitMode.ASYNC)).isInstanceOf(Unauthorized.class);
        assertThat(emu.journal().requests()).isEmpty();
    }

    @Test
    void failedTask_isAValue_notAnException() {
        emu.faults().onCreate().once().inject(Fault.taskFailed("InternalError.Algo", "the algorithm failed"));
        Submission s = editing.submit(wan25(), SubmitMode.ASYNC);
        emu.clock().advance(Duration.ofMinutes(5));
        TaskSnapshot snap = editing.fetch(s.task());
        assertThat(snap.status()).isEqualTo(RemoteStatus.FAILED);
        assertThat(snap.code()).contains("InternalError.Algo");
        assertThat(snap.message()).isPresent();
    }

    @Test
    void partialFailure_keepsTheFailedSlot() {
        emu.faults().onCreate().once().inject(Fault.imagesTimeout(1));
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").localUrlsAllowed(true).prompt("edit")
                .image(env.published("a.png", 512, 512, 1)).n(3).build();
        Submission s = editing.submit(r, SubmitMode.ASYNC);
        emu.clock().advance(Duration.ofMinutes(5));
        TaskSnapshot snap = editing.fetch(s.task());
        assertThat(snap.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(snap.results()).hasSize(3);
        assertThat(snap.results().get(1).errorCode()).contains("InternalError.Timeout");
        assertThat(snap.usage().orElseThrow().imageCount()).isEqualTo(2);
    }

    @Test
    void unknownTask_isUnknown() {
        assertThat(editing.fetch(new RemoteTaskRef("no-such-task", Region.BEIJING, editing.endpoint())).status())
                .isEqualTo(RemoteStatus.UNKNOWN);
    }

    @Test
    void cancel_pendingTaskIsCanceled_finishedTaskIsRejected() {
        Submission s = editing.submit(wan25(), SubmitMode.ASYNC);
        editing.cancel(s.task());
        assertThat(editing.fetch(s.task()).status()).isEqualTo(RemoteStatus.CANCELED);
        assertThat(emu.journal().requests(Endpoint.TASK_CANCEL)).singleElement()
                .satisfies(c -> assertThat(c.bodySize()).isZero());

        Submission other = editing.submit(wan25(), SubmitMode.ASYNC);
        emu.clock().advance(Duration.ofMinutes(5));
        Rejected e = catchThrowableOfType(Rejected.class, () -> editing.cancel(other.task()));
        assertThat(e.code()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void listTaskPage_oneCallPerPage_filteredByStatus() {
        for (int i = 0; i < 60; i++) {
            editing.submit(wan25(), SubmitMode.ASYNC);
        }
        emu.clock().advance(Duration.ofSeconds(1)); // every task is queued or running, none has ended
        TaskSearch running = new TaskSearch(Region.BEIJING, editing.endpoint(), "wan2.5-i2i-preview",
                EmulatorExtension.DEFAULT_START.minusSeconds(5), EmulatorExtension.DEFAULT_START.plusSeconds(120))
                .inStatus(RemoteStatus.RUNNING);
        TaskSearch pending = running.inStatus(RemoteStatus.PENDING);

        List<RemoteTaskSummary> active = new java.util.ArrayList<>();
        for (TaskSearch search : List.of(running, pending)) {
            for (int page = 1; ; page++) {
                TaskPage p = editing.listTaskPage(search, page);
                assertThat(p.tasks()).allMatch(t -> t.status() == search.status().orElseThrow());
                active.addAll(p.tasks());
                if (!p.hasNext()) {
                    break;
                }
            }
        }

        assertThat(active).hasSize(60).extracting(RemoteTaskSummary::taskId).doesNotHaveDuplicates();
        List<String> queries = emu.journal().requests(Endpoint.TASK_LIST).stream().map(q -> q.query()).toList();
        assertThat(queries).as("one call per page of 50").hasSizeBetween(3, 4)
                .allMatch(q -> q.contains("status=RUNNING") || q.contains("status=PENDING"));
        assertThatThrownBy(() -> editing.listTaskPage(new TaskSearch(Region.BEIJING, editing.endpoint(), "wan2.5-i2i-preview",
                EmulatorExtension.DEFAULT_START.minus(Duration.ofHours(30)), EmulatorExtension.DEFAULT_START), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 h");
    }

    @Test
    void failedSyncCall_isRejectedWithItsCode() {
        emu.faults().onCreate().once().inject(Fault.dataInspectionFailed());
        EditRequest r = EditRequest.draft("wan2.7-image").localUrlsAllowed(true).prompt("a kite").n(1).build();
        Rejected e = catchThrowableOfType(Rejected.class, () -> editing.submit(r, SubmitMode.SYNC));
        assertThat(e.code()).isEqualTo("DataInspectionFailed");
        assertThat(emu.journal().tasksCreated()).isZero();
    }

    @Test
    void errorCategories_followTheDocumentedCodes() {
        assertThat(DashScopeErrors.category(400, "InvalidParameter.DataInspection")).isEqualTo(DashScopeErrors.Category.REJECTED);
        assertThat(DashScopeErrors.category(400, "IPInfringementSuspect")).isEqualTo(DashScopeErrors.Category.REJECTED);
        assertThat(DashScopeErrors.category(413, "BadRequest.TooLarge")).isEqualTo(DashScopeErrors.Category.REJECTED);
        assertThat(DashScopeErrors.category(400, "Arrearage")).isEqualTo(DashScopeErrors.Category.UNAUTHORIZED);
        assertThat(DashScopeErrors.category(403, "Model.AccessDenied")).isEqualTo(DashScopeErrors.Category.UNAUTHORIZED);
        assertThat(DashScopeErrors.category(403, "AccessDenied.Unpurchased")).isEqualTo(DashScopeErrors.Category.UNAUTHORIZED);
        assertThat(DashScopeErrors.category(429, "Throttling.AllocationQuota")).isEqualTo(DashScopeErrors.Category.RATE_LIMITED);
        assertThat(DashScopeErrors.category(429, "PrepaidBillOverdue")).isEqualTo(DashScopeErrors.Category.UNAUTHORIZED);
        assertThat(DashScopeErrors.category(500, "InternalError.Algo")).isEqualTo(DashScopeErrors.Category.UNAVAILABLE);
        assertThat(DashScopeErrors.category(400, "InternalError.Algo")).isEqualTo(DashScopeErrors.Category.UNAVAILABLE);
        assertThat(DashScopeErrors.category(503, "")).isEqualTo(DashScopeErrors.Category.UNAVAILABLE);
        assertThat(DashScopeErrors.category(502, "")).isEqualTo(DashScopeErrors.Category.UNAVAILABLE);
        assertThat(DashScopeErrors.category(404, "")).isEqualTo(DashScopeErrors.Category.REJECTED);
        assertThat(DashScopeErrors.category(401, "")).isEqualTo(DashScopeErrors.Category.UNAUTHORIZED);
        RemoteServiceException mapped = DashScopeErrors.map(401, new DashScopeErrors.ErrorInfo("InvalidApiKey",
                DashScopeErrors.redact("Invalid API-key provided: sk-abcdef1234567890"), "r"), Optional.empty());
        assertThat(mapped.getMessage()).doesNotContain("sk-abcdef1234567890");
    }
}
