package dev.wanedit.adapter.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inputs from the user's own bucket, on the official SDK against {@link FakeOssServer}: the facts
 * come from a HEAD and a ranged GET of the header bytes (never the whole object, except a mask),
 * failures name the object and the setting to check, and the signed URL lives exactly as long as
 * asked and is one the server accepts.
 */
class OssObjectInputsTest {

    private static final String ID = "LTAI-inputs-test";
    private static final String SECRET = "inputs-secret-not-a-real-one";
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private FakeOssServer server;
    private OSS client;
    private OwnBucketInputs inputs;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOssServer(Map.of(ID, SECRET));
        client = OssClientFactory.create(server.endpoint(), new DefaultCredentialProvider(ID, SECRET));
        inputs = OssInputsModule.create(client, server.endpoint(), Clock.systemUTC(), ImageInspectors.headerOnly());
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.close();
    }

    private static ImageInput.OssImage object(String uri) {
        return ImageInput.OssImage.parse(uri);
    }

    @Test
    void facts_comeFromAHeadAndOneRangedGetOfTheHeader_notTheWholeObject() {
        byte[] png = noisyPng(700, 520); // several hundred KiB: far more than one block
        assertThat(png.length).isGreaterThan(200_000);
        server.seed("my-bucket", "inputs/in.png", png, "image/png");

        ImageFacts f = inputs.inspect(object("oss://my-bucket/inputs/in.png"), false);

        assertThat(f.format()).isEqualTo(ImageFormat.PNG);
        assertThat(f.width()).isEqualTo(700);
        assertThat(f.height()).isEqualTo(520);
        assertThat(f.bytes()).as("the object's whole size, from its headers").isEqualTo(png.length);
        assertThat(f.alpha()).isFalse();
        List<FakeOssServer.Received> got = server.received();
        assertThat(got).extracting(FakeOssServer.Received::method).containsExactly("HEAD", "GET");
        assertThat(got.get(1).range()).isEqualTo("bytes=0-65535");
        assertThat(got).allMatch(FakeOssServer.Received::signatureValid);
    }

    @Test
    void aJpegWhoseFrameHeaderLiesBeyondTheFirstBlock_isReadWithOneMoreRange() {
        byte[] jpeg = withBigExif(TestImages.jpeg(640, 480), 100_000);
        server.seed("my-bucket", "photo.jpg", jpeg, "image/jpeg");

        ImageFacts f = inputs.inspect(object("oss://my-bucket/photo.jpg"), false);

        assertThat(f.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(f.dimensions().toString()).isEqualTo("640*480");
        assertThat(server.received()).filteredOn(r -> r.method().equals("GET")).extracting(FakeOssServer.Received::range)
                .containsExactly("bytes=0-65535", "bytes=65536-" + (jpeg.length - 1)); // the last block ends with the object
    }

    @Test
    void theFactsOfAnObject_areReadOncePerProcess() {
        server.seed("my-bucket", "a.png", TestImages.png(600, 600, true), "image/png");

        ImageFacts first = inputs.inspect(object("oss://my-bucket/a.png"), false);
        ImageFacts again = inputs.inspect(object("oss://my-bucket/a.png"), false);

        assertThat(again).isEqualTo(first);
        assertThat(first.alpha()).isTrue();
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void aMask_isReadWhole_soThatItsTonesAreCounted() {
        server.seed("my-bucket", "mask.png", TestImages.png(600, 600, false), "image/png");

        ImageFacts f = inputs.inspect(object("oss://my-bucket/mask.png"), true);

        assertThat(f.tones()).isPresent();
        assertThat(f.sha256()).isPresent();
        assertThat(server.received()).filteredOn(r -> r.method().equals("GET")).singleElement()
                .extracting(FakeOssServer.Received::range).isNull();
    }

    @Test
    void whatCannotBeRead_isNamedWithTheReason() {
        server.seed("my-bucket", "notes.png", "just text".getBytes(java.nio.charset.StandardCharsets.UTF_8), "image/png");
        server.seed("my-bucket", "empty.png", new byte[0], "image/png");
        server.onlyBuckets("my-bucket");

        assertThatThrownBy(() -> inputs.inspect(object("oss://my-bucket/missing.png"), false))
                .isInstanceOfSatisfying(UnreadableImage.class, e -> {
                    assertThat(e.file()).isEqualTo("oss://my-bucket/missing.png");
                    assertThat(e.reason()).contains("no object missing.png in bucket my-bucket");
                });
        assertThatThrownBy(() -> inputs.inspect(object("oss://their-bucket/in.png"), false))
                .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.reason())
                        .contains("bucket their-bucket does not exist at OSS_ENDPOINT " + server.endpoint()));
        assertThatThrownBy(() -> inputs.inspect(object("oss://my-bucket/notes.png"), false))
                .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.reason()).contains("unknown format"));
        assertThatThrownBy(() -> inputs.inspect(object("oss://my-bucket/empty.png"), false))
                .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.reason()).contains("empty"));
    }

    @Test
    void refusedCredentials_nameTheVariableToCheck() {
        server.seed("my-bucket", "in.png", TestImages.png(600, 600, false), "image/png");
        OSS wrong = OssClientFactory.create(server.endpoint(), new DefaultCredentialProvider(ID, "not-the-secret"));
        try {
            OwnBucketInputs bad = OssInputsModule.create(wrong, server.endpoint(), Clock.systemUTC(), ImageInspectors.headerOnly());
            assertThatThrownBy(() -> bad.inspect(object("oss://my-bucket/in.png"), false))
                    .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.reason())
                            .contains("OSS refused the signature: check OSS_ACCESS_KEY_SECRET").doesNotContain("not-the-secret"));
        } finally {
            wrong.shutdown();
        }
    }

    // ---------------------------------------------------------------- signed URLs

    @Test
    void theSignedUrl_expiresExactlyAfterTheLifetimeAsked_fromTheInjectedClock() {
        OwnBucketInputs fixed = OssInputsModule.create(client, server.endpoint(), Clock.fixed(NOW, ZoneOffset.UTC),
                ImageInspectors.headerOnly());

        URI url = fixed.signedUrl(object("oss://my-bucket/inputs/in.png"), Duration.ofHours(24));

        assertThat(url.getRawQuery()).contains("Expires=" + NOW.plus(Duration.ofHours(24)).getEpochSecond())
                .contains("OSSAccessKeyId=" + ID).contains("Signature=").doesNotContain(SECRET);
        assertThat(url.getPath()).isEqualTo("/my-bucket/inputs/in.png");
        URI shorter = fixed.signedUrl(object("oss://my-bucket/inputs/in.png"), Duration.ofMinutes(10));
        assertThat(shorter.getRawQuery()).contains("Expires=" + NOW.plus(Duration.ofMinutes(10)).getEpochSecond());
    }

    @Test
    void theSignedUrl_isOneTheServerAccepts_untilItExpires() throws Exception {
        byte[] png = TestImages.png(640, 480, false);
        server.seed("my-bucket", "inputs/in.png", png, "image/png");

        URI live = inputs.signedUrl(object("oss://my-bucket/inputs/in.png"), Duration.ofHours(24));
        URI dead = OssInputsModule.create(client, server.endpoint(), Clock.fixed(Instant.now().minus(Duration.ofDays(2)),
                ZoneOffset.UTC), ImageInspectors.headerOnly()).signedUrl(object("oss://my-bucket/inputs/in.png"), Duration.ofHours(24));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> expired = http.send(HttpRequest.newBuilder(dead).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(png);
        assertThat(expired.statusCode()).isEqualTo(403);
    }

    @Test
    void withoutCredentials_noUrlIsSigned_andTheMessageSaysWhatToSet() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OSS_ACCESS_KEY_ID") == null,
                "OSS_ACCESS_KEY_ID is set in this environment");
        OSS envClient = OssClientFactory.create(server.endpoint());
        try {
            OwnBucketInputs none = OssInputsModule.create(envClient, server.endpoint(), Clock.systemUTC(),
                    ImageInspectors.headerOnly());
            assertThatThrownBy(() -> none.signedUrl(object("oss://my-bucket/in.png"), Duration.ofHours(1)))
                    .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.reason()).contains("OSS_ACCESS_KEY_ID"));
            assertThatThrownBy(() -> none.inspect(object("oss://my-bucket/in.png"), false))
                    .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.reason()).contains("no OSS credentials"));
            assertThat(server.received()).isEmpty();
        } finally {
            envClient.shutdown();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] noisyPng(int w, int h) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return TestImages.write(img, "png");
    }

    /** The JPEG with APP segments of {@code bytes} filler inserted after SOI (cameras put EXIF thumbnails there). */
    private static byte[] withBigExif(byte[] jpeg, int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int left = bytes;
        while (left > 0) {
            int len = Math.min(left, 65_000);
            out.write(0xFF);
            out.write(0xE1);
            out.write((len + 2) >> 8);
            out.write((len + 2) & 0xFF);
            out.write(new byte[len], 0, len);
            left -= len;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
