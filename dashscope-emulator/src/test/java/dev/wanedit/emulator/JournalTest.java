package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmulatorExtension.class)
class JournalTest {
    static final String PNG = Wire.dataUri(Wire.image("png", 512, 512), "image/png");
    static final String BODY = "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"x\",\"images\":[" + Wire.q(PNG)
            + "]},\"parameters\":{\"n\":1,\"seed\":3}}";
    static final String SAME_BODY_REORDERED = "{\"parameters\":{\"seed\":3,\"n\":1},\"model\":\"wan2.5-i2i-preview\","
            + "\"input\":{\"images\":[" + Wire.q(PNG) + "],\"prompt\":\"x\"}}";

    @Test
    void records_every_request_with_the_key_masked(DashScopeEmulator emu, Journal journal, EmulatorClock clock) {
        Wire.Resp created = Wire.create(emu, Wire.SYNTHESIS, BODY);
        clock.advance(Duration.ofSeconds(3));
        Wire.task(emu, created.taskId());
        Wire.get(emu, "/tasks?status=RUNNING&page_size=5");

        List<RecordedRequest> all = journal.requests();
        assertThat(all).hasSize(3);
        RecordedRequest create = all.get(0);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/api/v1" + Wire.SYNTHESIS);
        assertThat(create.endpoint()).isEqualTo(Endpoint.IMAGE_SYNTHESIS);
        assertThat(create.status()).isEqualTo(200);
        assertThat(create.requestId()).isEqualTo(created.json().path("request_id").asText());
        assertThat(create.bodySize()).isEqualTo(BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(create.json().path("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(create.header("X-DashScope-Async")).isEqualTo("enable");
        assertThat(create.header("Authorization")).startsWith("Bearer ****").doesNotContain(emu.apiKey());
        assertThat(create.at()).isEqualTo(EmulatorExtension.DEFAULT_START);
        assertThat(all.toString()).doesNotContain(emu.apiKey());

        RecordedRequest list = all.get(2);
        assertThat(list.query()).isEqualTo("status=RUNNING&page_size=5");
        assertThat(list.json()).isNull();
        assertThat(journal.requests("GET", "/api/v1/tasks/")).hasSize(1);
        assertThat(journal.requests("get", "/api/v1/tasks")).hasSize(2);
        assertThat(journal.requests(Endpoint.TASK_LIST)).hasSize(1);
        assertThat(journal.taskQueries(created.taskId())).isEqualTo(1);
    }

    @Test
    void counts_tasks_per_normalized_body(DashScopeEmulator emu, Journal journal, EmulatorClock clock) {
        Wire.create(emu, Wire.SYNTHESIS, BODY);
        clock.advance(Duration.ofSeconds(1));
        Wire.create(emu, Wire.SYNTHESIS, SAME_BODY_REORDERED);
        Wire.create(emu, Wire.SYNTHESIS, BODY.replace("\"seed\":3", "\"seed\":4"));

        assertThat(journal.tasksCreated()).isEqualTo(3);
        assertThat(journal.tasksCreatedFor(BODY)).isEqualTo(2);
        assertThat(journal.tasksCreatedFor(SAME_BODY_REORDERED)).isEqualTo(2);
        assertThat(journal.tasksCreatedPerBody()).hasSize(2).containsValue(1);
        assertThat(journal.tasksCreatedFor("{\"model\":\"other\"}")).isZero();

        journal.clear();
        assertThat(journal.requests()).isEmpty();
        assertThat(journal.tasksCreated()).isZero();
        assertThat(journal.tasksCreatedFor(BODY)).isZero();
    }

    @Test
    void masks_keys_without_revealing_short_ones() {
        assertThat(Journal.maskAuthorization("Bearer sk-0123456789abcdef")).isEqualTo("Bearer ****cdef");
        assertThat(Journal.maskAuthorization("Bearer short")).isEqualTo("Bearer ****");
        assertThat(Journal.maskAuthorization("rawkey-without-scheme-1234")).isEqualTo("****1234");
    }

    @Test
    void keeps_only_the_newest_requests_but_whole_counters() {
        try (DashScopeEmulator emu = DashScopeEmulator.builder().journalCapacity(3).limitsEnabled(false).start()) {
            for (int i = 0; i < 5; i++) {
                Wire.task(emu, "t" + i);
            }

            assertThat(emu.journal().requests()).hasSize(3);
            assertThat(emu.journal().requests().get(0).path()).endsWith("/t2");
            assertThat(emu.journal().taskQueries("t0")).isEqualTo(1);
        }
    }

    @Test
    void an_upload_form_is_summarised_field_by_field_with_its_credentials_masked_and_no_file_bytes(DashScopeEmulator emu,
            Journal journal) {
        com.fasterxml.jackson.databind.JsonNode p = UploadTest.policy(emu, "wan2.5-i2i-preview");
        String key = p.path("upload_dir").asText() + "/photo.jpg";
        String signature = p.path("signature").asText();
        String accessKeyId = p.path("oss_access_key_id").asText();
        Wire.Resp uploaded = UploadTest.upload(p.path("upload_host").asText(), UploadTest.fields(p, key), UploadTest.JPEG);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);

        RecordedRequest upload = journal.requests(Endpoint.OSS_UPLOAD).get(0);
        assertThat(upload.json()).isNull();
        assertThat(upload.form()).extracting(RecordedRequest.FormPart::name).containsExactly("OSSAccessKeyId", "Signature",
                "policy", "key", "x-oss-object-acl", "x-oss-forbid-overwrite", "success_action_status", "x-oss-content-type", "file");
        assertThat(upload.formPart("Signature").value()).isEqualTo("****" + signature.substring(signature.length() - 4));
        assertThat(upload.formPart("Signature").bytes()).isEqualTo(signature.length());
        assertThat(upload.formPart("OSSAccessKeyId").value())
                .isEqualTo("****" + accessKeyId.substring(accessKeyId.length() - 4));
        assertThat(upload.formPart("key").value()).isEqualTo(key);
        assertThat(upload.formPart("x-oss-content-type").value()).isEqualTo("image/jpeg");
        assertThat(upload.formPart("policy").value()).as("a long field is shortened").endsWith(
                "…(" + p.path("policy").asText().length() + " chars)");
        RecordedRequest.FormPart file = upload.formPart("file");
        assertThat(file.filename()).isEqualTo("photo.jpg");
        assertThat(file.contentType()).isEqualTo("image/jpeg");
        assertThat(file.bytes()).isEqualTo(UploadTest.JPEG.length);
        assertThat(file.value()).as("the file's bytes are not kept").isNull();
        assertThat(upload.toString()).doesNotContain(signature).doesNotContain(accessKeyId);

        Wire.Resp viaHttp = Wire.control(emu, "GET", "/requests?endpoint=upload", null);
        com.fasterxml.jackson.databind.JsonNode form = viaHttp.json().at("/requests/0/body/form");
        assertThat(form).hasSize(9);
        assertThat(form.get(1).path("name").asText()).isEqualTo("Signature");
        assertThat(form.get(1).path("value").asText()).startsWith("****");
        assertThat(form.get(8).path("filename").asText()).isEqualTo("photo.jpg");
        assertThat(form.get(8).path("content_type").asText()).isEqualTo("image/jpeg");
        assertThat(form.get(8).path("bytes").asLong()).isEqualTo(UploadTest.JPEG.length);
        assertThat(form.get(8).has("value")).isFalse();
        String jpegStart = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(UploadTest.JPEG, 30));
        assertThat(viaHttp.body()).doesNotContain(signature).doesNotContain(accessKeyId).doesNotContain(jpegStart)
                .doesNotContain(emu.apiKey());
    }

    @Test
    void a_result_url_signature_is_masked_in_the_journal(DashScopeEmulator emu, Journal journal, EmulatorClock clock) {
        Wire.Resp created = Wire.create(emu, Wire.SYNTHESIS, BODY);
        clock.advance(Duration.ofMinutes(5));
        String url = Wire.task(emu, created.taskId()).json().at("/output/results/0/url").asText();
        String signature = java.net.URLDecoder.decode(url.replaceAll(".*Signature=([^&]+).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Wire.download(url).statusCode()).isEqualTo(200);

        RecordedRequest download = journal.requests(Endpoint.RESULT_DOWNLOAD).get(0);
        assertThat(download.query()).contains("Expires=").contains("Signature=****").contains("OSSAccessKeyId=****")
                .doesNotContain(java.net.URLEncoder.encode(signature, java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain(OssUploads.ACCESS_KEY_ID);
        assertThat(download.form()).isEmpty();
    }

    @Test
    void a_malformed_form_is_noted_without_its_bytes() {
        List<RecordedRequest.FormPart> parts = Journal.summarizeForm("multipart/form-data; boundary=xyz",
                "--xyz\r\nno end".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("(malformed)");
            assertThat(p.value()).contains("not well-formed");
        });
        assertThat(Journal.summarizeForm("application/json", new byte[] {'{', '}'})).isEmpty();
        assertThat(Journal.maskQuery("a=1&Signature=abcdefghijkl%2B%2F&b=2")).isEqualTo("a=1&Signature=****kl%2B%2F&b=2");
    }
}
