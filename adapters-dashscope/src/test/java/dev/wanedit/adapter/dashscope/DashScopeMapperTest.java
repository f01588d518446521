package dev.wanedit.adapter.dashscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.adapter.dashscope.dto.TaskListResponse;
import dev.wanedit.adapter.dashscope.dto.TaskResponse;
import dev.wanedit.adapter.dashscope.dto.UploadPolicyResponse;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Mapping tests on the example bodies of the seed documents (000 wan2.5, 002 wanx2.1, 004 wan2.7). */
class DashScopeMapperTest {

    private final ObjectMapper json = DashScopeClients.objectMapper();

    private TaskSnapshot snapshotOf(String fixture) throws Exception {
        return DashScopeMapper.snapshot(json.readValue(Fixtures.read(fixture), TaskResponse.class), "fallback");
    }

    @Test
    void wan25SingleImageRequest_matchesTheDocumentedBody() throws Exception {
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview")
                .prompt("Change the floral dress to a vintage-style lace long dress with exquisite embroidery details on the collar and cuffs.")
                .image(Fixtures.remote("https://img.alicdn.com/imgextra/i2/O1CN01vHOj4h28jOxUJPwY8_!!6000000007968-49-tps-1344-896.webp"))
                .promptExtend(true).n(1).build();
        String body = json.writeValueAsString(DashScopeMapper.createBody(r,
                List.of(r.images().get(0).label()), Optional.empty()));
        assertThat(json.readTree(body)).isEqualTo(json.readTree(Fixtures.read("wan25-create-request-single.json")));
    }

    @Test
    void wan25MultiImageRequest_matchesTheDocumentedBody() throws Exception {
        String a = "https://img.alicdn.com/imgextra/i3/O1CN0157XGE51l6iL9441yX_!!6000000004770-49-tps-1104-1472.webp";
        String b = "https://img.alicdn.com/imgextra/i3/O1CN01SfG4J41UYn9WNt4X1_!!6000000002530-49-tps-1696-960.webp";
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview")
                .prompt("Place the alarm clock from Image 1 next to the vase on the dining table in Image 2.")
                .image(Fixtures.remote(a)).image(Fixtures.remote(b)).n(1).build();
        String body = json.writeValueAsString(DashScopeMapper.createBody(r, List.of(a, b), Optional.empty()));
        assertThat(json.readTree(body)).isEqualTo(json.readTree(Fixtures.read("wan25-create-request-multi.json")));
    }

    @Test
    void wan25Succeeded_mapsResultsPromptsTimesAndUsage() throws Exception {
        TaskSnapshot s = snapshotOf("wan25-task-succeeded.json");
        assertThat(s.taskId()).isEqualTo("7f4836cd-1c47-41b3-b3a4-xxxxxx");
        assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        // "2025-09-23 22:14:10.800" is UTC+8
        assertThat(s.submitTime()).contains(Instant.parse("2025-09-23T14:14:10.800Z"));
        assertThat(s.scheduledTime()).contains(Instant.parse("2025-09-23T14:14:10.825Z"));
        assertThat(s.endTime()).contains(Instant.parse("2025-09-23T14:15:23.456Z"));
        assertThat(s.results()).hasSize(1);
        RemoteResult r = s.results().get(0);
        assertThat(r.url()).contains(URI.create("https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/xxx.png?Expires=xxx"));
        assertThat(r.actualPrompt().orElseThrow()).startsWith("Replace the pink pleated dress");
        assertThat(s.usage().orElseThrow().imageCount()).isEqualTo(1);
        assertThat(s.code()).isEmpty();
        assertThat(DashScopeMapper.metrics(json.readValue(Fixtures.read("wan25-task-succeeded.json"), TaskResponse.class)))
                .containsEntry("TOTAL", 1).containsEntry("SUCCEEDED", 1);
    }

    @Test
    void wan25Failed_carriesCodeAndMessage() throws Exception {
        TaskSnapshot s = snapshotOf("wan25-task-failed.json");
        assertThat(s.status()).isEqualTo(RemoteStatus.FAILED);
        assertThat(s.code()).contains("InvalidParameter");
        assertThat(s.message()).isPresent();
        assertThat(s.results()).isEmpty();
        assertThat(s.usage()).isEmpty();
    }

    @Test
    void wan25PartialFailure_keepsTheFailedSlot() throws Exception {
        TaskSnapshot s = snapshotOf("wan25-task-partial.json");
        assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(s.results()).hasSize(2);
        assertThat(s.results().get(0).succeeded()).isTrue();
        assertThat(s.results().get(1).succeeded()).isFalse();
        assertThat(s.results().get(1).index()).isEqualTo(1);
        assertThat(s.results().get(1).errorCode()).contains("InternalError.Timeout");
        assertThat(s.results().get(1).errorMessage().orElseThrow()).contains("timeout");
        assertThat(s.usage().orElseThrow().imageCount()).isEqualTo(1);
    }

    @Test
    void expiredTask_isUnknown() throws Exception {
        TaskSnapshot s = snapshotOf("wan25-task-unknown.json");
        assertThat(s.status()).isEqualTo(RemoteStatus.UNKNOWN);
        assertThat(s.taskId()).isEqualTo("502a00b1-19d9-4839-a82f-xxxxxx");
    }

    @Test
    void createReplies_givePendingTasks() throws Exception {
        assertThat(snapshotOf("wan25-create-response.json").status()).isEqualTo(RemoteStatus.PENDING);
        TaskSnapshot wanx = snapshotOf("wanx21-create-response.json");
        assertThat(wanx.taskId()).isEqualTo("7277e20e-aa01-4709-xxxxxxxx");
        TaskSnapshot w27 = snapshotOf("wan27-create-response.json");
        assertThat(w27.status()).isEqualTo(RemoteStatus.PENDING);
        assertThat(w27.taskId()).isEqualTo("127ec645-118f-4884-955d-0eba8dxxxxxx");
        assertThat(w27.usage()).as("zero tokens on create say nothing").isEmpty();
    }

    @Test
    void wanx21Succeeded_maps() throws Exception {
        for (String f : List.of("wanx21-task-succeeded.json", "wanx21-task-succeeded-sdk.json")) {
            TaskSnapshot s = snapshotOf(f);
            assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
            assertThat(s.results()).hasSize(1);
            assertThat(s.results().get(0).url().orElseThrow().getHost()).startsWith("dashscope-result-");
            assertThat(s.endTime()).isPresent();
        }
        assertThat(snapshotOf("wanx21-task-succeeded.json").submitTime())
                .contains(Instant.parse("2025-02-21T09:56:31.786Z"));
    }

    @Test
    void wan27AsyncSucceeded_mapsChoicesAndTokens() throws Exception {
        TaskSnapshot s = snapshotOf("wan27-task-succeeded.json");
        assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(s.results()).extracting(r -> r.url().orElseThrow().getHost())
                .containsExactly("dashscope-result-bj.oss-cn-beijing.aliyuncs.com");
        assertThat(s.usage().orElseThrow().size()).contains("2985*1405");
        assertThat(s.usage().orElseThrow().inputTokens().getAsInt()).isEqualTo(18711);
        assertThat(s.usage().orElseThrow().outputTokens().getAsInt()).isEqualTo(2);
        assertThat(s.code()).as("code null, message \"\" on success").isEmpty();
        assertThat(s.message()).isEmpty();
        assertThat(s.endTime()).contains(Instant.parse("2026-03-31T14:58:59.642Z"));
    }

    @Test
    void wan27SyncReply_withoutStatus_isSucceeded() throws Exception {
        TaskSnapshot s = snapshotOf("wan27-sync-response.json");
        assertThat(s.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(s.taskId()).isEqualTo("fallback");
        assertThat(s.results()).hasSize(1);
        assertThat(s.usage().orElseThrow().imageCount()).isEqualTo(1);
    }

    @Test
    void singularTaskMetricAndQwenUsage_areRead() throws Exception {
        TaskResponse r = json.readValue("{\"output\":{\"task_id\":\"t\",\"task_status\":\"CANCELED\","
                + "\"task_metric\":{\"TOTAL\":2,\"FAILED\":0,\"SUCCEEDED\":2},\"new_field\":[1,2]},"
                + "\"usage\":{\"width\":1024,\"height\":768,\"image_count\":2},\"extra\":{}}", TaskResponse.class);
        TaskSnapshot s = DashScopeMapper.snapshot(r, "x");
        assertThat(s.status()).isEqualTo(RemoteStatus.CANCELED);
        assertThat(DashScopeMapper.metrics(r)).containsEntry("TOTAL", 2);
        assertThat(s.usage().orElseThrow().size()).contains("1024*768");
    }

    @Test
    void times_withAndWithoutMillis_areUtcPlus8() {
        assertThat(DashScopeMapper.time("2024-03-02 22:22:21")).contains(Instant.parse("2024-03-02T14:22:21Z"));
        assertThat(DashScopeMapper.time("2024-03-02 22:22:21.5")).contains(Instant.parse("2024-03-02T14:22:21.500Z"));
        assertThat(DashScopeMapper.time("not a time")).isEmpty();
        assertThat(DashScopeMapper.time(null)).isEmpty();
        assertThat(DashScopeMapper.listTime(Instant.parse("2023-04-19T16:00:00Z"))).isEqualTo("20230420000000");
    }

    @Test
    void listAndPolicyReplies_map() throws Exception {
        TaskListResponse list = json.readValue("{\"total\":1,\"data\":[{\"api_key_id\":\"k\",\"caller_parent_id\":\"p\","
                + "\"caller_uid\":\"u\",\"gmt_create\":1700000000000,\"start_time\":1700000000100,\"end_time\":1700000009000,"
                + "\"model_name\":\"wan2.5-i2i-preview\",\"region\":\"cn-beijing\",\"request_id\":\"r\",\"status\":\"SUCCEEDED\","
                + "\"task_id\":\"abc\",\"user_api_unique_key\":\"x\"}],\"total_page\":1,\"page_no\":1,\"request_id\":\"q\","
                + "\"page_size\":10}", TaskListResponse.class);
        assertThat(DashScopeMapper.summary(list.data().get(0)).orElseThrow()).satisfies(t -> {
            assertThat(t.taskId()).isEqualTo("abc");
            assertThat(t.model()).isEqualTo("wan2.5-i2i-preview");
            assertThat(t.status()).isEqualTo(RemoteStatus.SUCCEEDED);
            assertThat(t.createdAt()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
        });
        UploadPolicyResponse p = json.readValue("{\"data\":{\"policy\":\"cG9s\",\"signature\":\"sig\",\"upload_dir\":"
                + "\"dashscope-instant/abc/2025-07-12/uuid\",\"upload_host\":\"https://dashscope-file-mgr.oss-cn-beijing.aliyuncs.com\","
                + "\"expire_in_seconds\":300,\"max_file_size_mb\":1024,\"capacity_limit_mb\":999999999,"
                + "\"oss_access_key_id\":\"LTAI\",\"x_oss_object_acl\":\"private\",\"x_oss_forbid_overwrite\":\"true\"},"
                + "\"request_id\":\"r\"}", UploadPolicyResponse.class);
        assertThat(p.data().xOssObjectAcl()).isEqualTo("private");
        assertThat(p.data().xOssForbidOverwrite()).isEqualTo("true");
        assertThat(p.data().ossAccessKeyId()).isEqualTo("LTAI");
        assertThat(p.data().uploadDir()).startsWith("dashscope-instant/");
    }

    @Test
    void errorBodies_ofEveryKind_areRead() {
        DashScopeErrors.ErrorInfo jsonError = DashScopeErrors.parse(json,
                Fixtures.read("error-invalid-api-key.json").getBytes(), null);
        assertThat(jsonError.code()).isEqualTo("InvalidApiKey");
        assertThat(jsonError.requestId()).isEqualTo("fb53c4ec-1c12-4fc4-a580-xxxxxx");
        DashScopeErrors.ErrorInfo xml = DashScopeErrors.parse(json, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
                + "<Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message>"
                + "<RequestId>5C3D</RequestId></Error>").getBytes(), null);
        assertThat(xml.code()).isEqualTo("AccessDenied");
        assertThat(xml.requestId()).isEqualTo("5C3D");
        DashScopeErrors.ErrorInfo html = DashScopeErrors.parse(json,
                "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(), "hdr-id");
        assertThat(html.code()).isEmpty();
        assertThat(html.message()).contains("502 Bad Gateway");
        assertThat(html.requestId()).isEqualTo("hdr-id");
    }
}
