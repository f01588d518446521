package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SDK's temporary-file flow: getPolicy, the OSS form POST, then oss:// with the resolve header. */
@ExtendWith(EmulatorExtension.class)
class UploadTest {
    static final byte[] JPEG = Wire.image("jpg", 640, 480);

    static JsonNode policy(DashScopeEmulator emu, String model) {
        Wire.Resp r = Wire.get(emu, "/uploads?action=getPolicy&model=" + model);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("data");
    }

    static Map<String, String> fields(JsonNode p, String key) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("OSSAccessKeyId", p.path("oss_access_key_id").asText());
        f.put("Signature", p.path("signature").asText());
        f.put("policy", p.path("policy").asText());
        f.put("key", key);
        f.put("x-oss-object-acl", p.path("x_oss_object_acl").asText());
        f.put("x-oss-forbid-overwrite", p.path("x_oss_forbid_overwrite").asText());
        f.put("success_action_status", "200");
        f.put("x-oss-content-type", "image/jpeg");
        return f;
    }

    static Wire.Resp upload(String host, Map<String, String> fields, byte[] file) {
        String boundary = "----wanedit-boundary-7MA4YWxkTrZu0gW";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((k, v) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
                + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return Wire.send(HttpRequest.newBuilder(URI.create(host))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static String md5Upper(byte[] bytes) {
        try {
            return java.util.HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String wan25(String image) {
        return "{\"model\":\"wan2.5-i2i-preview\",\"input\":{\"prompt\":\"make it snow\",\"images\":[" + Wire.q(image)
                + "]},\"parameters\":{\"n\":1}}";
    }

    @Test
    void policy_points_the_upload_at_the_emulator(DashScopeEmulator emu) {
        JsonNode p = policy(emu, "wan2.5-i2i-preview");

        assertThat(p.path("upload_host").asText()).isEqualTo(emu.baseUrl() + "/oss-upload");
        assertThat(p.path("upload_dir").asText()).matches("dashscope-instant/[0-9a-f]{32}/2025-09-23/[0-9a-f-]{36}");
        assertThat(p.path("expire_in_seconds").asInt()).isEqualTo(300);
        assertThat(p.path("max_file_size_mb").asInt()).isEqualTo(1024);
        assertThat(p.path("x_oss_object_acl").asText()).isEqualTo("private");
        assertThat(p.path("x_oss_forbid_overwrite").asText()).isEqualTo("true");
        String decoded = new String(Base64.getDecoder().decode(p.path("policy").asText()), StandardCharsets.UTF_8);
        assertThat(decoded).contains("content-length-range").contains(p.path("upload_dir").asText());
    }

    @Test
    void upload_then_create_with_oss_resolve_reads_the_uploaded_image(DashScopeEmulator emu, EmulatorClock clock) {
        JsonNode p = policy(emu, "wan2.5-i2i-preview");
        String key = p.path("upload_dir").asText() + "/photo.jpg";

        Wire.Resp up = upload(p.path("upload_host").asText(), fields(p, key), JPEG);

        assertThat(up.status()).isEqualTo(200);
        assertThat(up.header("ETag")).as("OSS's ETag: the MD5 of the object's bytes")
                .isEqualTo("\"" + md5Upper(JPEG) + "\"");
        assertThat(emu.journal().uploads()).isEqualTo(1);
        assertThat(emu.journal().uploadedBytes()).isEqualTo(JPEG.length);

        Wire.Resp withoutHeader = Wire.create(emu, Wire.SYNTHESIS, wan25("oss://" + key));
        assertThat(withoutHeader.status()).isEqualTo(400);
        assertThat(withoutHeader.json().path("message").asText()).contains("X-DashScope-OssResourceResolve");

        Wire.Resp created = Wire.post(emu, Wire.SYNTHESIS, wan25("oss://" + key), "X-DashScope-Async", "enable",
                "Authorization", "Bearer " + emu.apiKey(), "X-DashScope-OssResourceResolve", "enable");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(3));
        String url = Wire.task(emu, created.taskId()).json().path("output").path("results").get(0).path("url").asText();
        var img = Wire.decode(Wire.download(url).body());
        assertThat((double) img.getWidth() / img.getHeight()).isCloseTo(640.0 / 480.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void unknown_oss_key_is_a_url_error(DashScopeEmulator emu) {
        Wire.Resp r = Wire.post(emu, Wire.SYNTHESIS, wan25("oss://dashscope-instant/none/x.jpg"), "X-DashScope-Async", "enable",
                "Authorization", "Bearer " + emu.apiKey(), "X-DashScope-OssResourceResolve", "enable");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).startsWith("url error");
    }

    @Test
    void uploaded_objects_expire_after_48_hours(DashScopeEmulator emu, EmulatorClock clock) {
        JsonNode p = policy(emu, "wan2.5-i2i-preview");
        String key = p.path("upload_dir").asText() + "/photo.jpg";
        upload(p.path("upload_host").asText(), fields(p, key), JPEG);

        clock.advance(Duration.ofHours(48));

        Wire.Resp r = Wire.post(emu, Wire.SYNTHESIS, wan25("oss://" + key), "X-DashScope-Async", "enable",
                "Authorization", "Bearer " + emu.apiKey(), "X-DashScope-OssResourceResolve", "enable");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("expired");
    }

    @Test
    void bad_signature_wrong_key_prefix_expired_policy_and_overwrite_are_oss_xml_errors(DashScopeEmulator emu, EmulatorClock clock) {
        JsonNode p = policy(emu, "wan2.7-image");
        String host = p.path("upload_host").asText();
        String key = p.path("upload_dir").asText() + "/a.jpg";

        Map<String, String> badSig = fields(p, key);
        badSig.put("Signature", "AAAA" + badSig.get("Signature").substring(4));
        Wire.Resp sig = upload(host, badSig, JPEG);
        assertThat(sig.status()).isEqualTo(403);
        assertThat(sig.body()).contains("<Code>SignatureDoesNotMatch</Code>");

        Wire.Resp prefix = upload(host, fields(p, "elsewhere/a.jpg"), JPEG);
        assertThat(prefix.status()).isEqualTo(403);
        assertThat(prefix.body()).contains("<Code>AccessDenied</Code>").contains("starts-with");

        Map<String, String> badId = fields(p, key);
        badId.put("OSSAccessKeyId", "LTAI-someone-else");
        assertThat(upload(host, badId, JPEG).body()).contains("InvalidAccessKeyId");

        assertThat(upload(host, fields(p, key), JPEG).status()).isEqualTo(200);
        Wire.Resp again = upload(host, fields(p, key), JPEG);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("FileAlreadyExists");

        clock.advance(Duration.ofSeconds(301));
        Wire.Resp expired = upload(host, fields(p, p.path("upload_dir").asText() + "/b.jpg"), JPEG);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body()).contains("Policy expired");
        assertThat(emu.journal().uploads()).isEqualTo(1);
    }

    @Test
    void without_success_action_status_the_upload_answers_204(DashScopeEmulator emu) {
        JsonNode p = policy(emu, "wan2.5-i2i-preview");
        Map<String, String> f = fields(p, p.path("upload_dir").asText() + "/x.jpg");
        f.remove("success_action_status");

        assertThat(upload(p.path("upload_host").asText(), f, JPEG).status()).isEqualTo(204);
    }

    @Test
    void a_form_without_file_or_not_multipart_is_refused(DashScopeEmulator emu) {
        JsonNode p = policy(emu, "wan2.5-i2i-preview");
        Wire.Resp notMultipart = Wire.send(HttpRequest.newBuilder(URI.create(p.path("upload_host").asText()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(notMultipart.status()).isEqualTo(400);
        assertThat(notMultipart.body()).contains("<Error>");
    }

    @Test
    void get_policy_needs_a_key_the_action_and_an_offered_model(DashScopeEmulator emu) {
        Wire.Resp noKey = Wire.send(HttpRequest.newBuilder(URI.create(emu.apiBaseUrl() + "/uploads?action=getPolicy&model=wan2.7-image")).GET());
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(Wire.get(emu, "/uploads?action=other&model=wan2.7-image").status()).isEqualTo(400);
        assertThat(Wire.get(emu, "/uploads?action=getPolicy").status()).isEqualTo(400);
        assertThat(Wire.get(emu, "/uploads?action=getPolicy&model=nope").json().path("message").asText()).isEqualTo("Model not exist.");
    }
}
