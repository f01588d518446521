package dev.wanedit.adapter.storage.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.testing.ResultStoreContract;
import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.request.ImageInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on the official OSS SDK against {@link FakeOssServer}, which checks every request's
 * V1 signature, Content-MD5 and overwrite protection; plus multipart, presigned URLs and errors.
 */
class OssResultStoreTest extends ResultStoreContract {

    private static final String BUCKET = "wanedit-results";
    private static final String ID = "LTAI-test-key-id";
    private static final String SECRET = "test-secret-not-a-real-one";

    private FakeOssServer server;
    private OSS client;
    private OssSettings settings;

    @Override
    protected ResultStore newStore() throws Exception {
        server = new FakeOssServer(Map.of(ID, SECRET));
        settings = new OssSettings(server.endpoint(), BUCKET, "runs/", OssSettings.MIN_PART_BYTES, Duration.ofMinutes(30));
        client = OssClientFactory.create(settings, new DefaultCredentialProvider(ID, SECRET));
        return OssResultStores.create(client, settings, CLOCK, ImageInspectors.headerOnly());
    }

    @AfterEach
    void closeAll() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected byte[] read(String location) {
        ImageInput.OssImage o = ImageInput.OssImage.parse(location);
        return server.object(o.bucket(), o.key());
    }

    @Override
    protected List<String> finalNames(EditJob job) {
        String folder = "runs/" + job.id().value() + "/";
        return server.keys(BUCKET).stream().filter(k -> k.startsWith(folder)).map(k -> k.substring(folder.length())).toList();
    }

    @Override
    protected String sidecarName(String imageName) {
        return imageName + ".json";
    }

    @Test
    void everyRequestTheSdkSent_carriedAValidV1Signature_andUploadsCarriedContentMd5() {
        EditJob job = job();
        store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(64, 64, false)));

        List<FakeOssServer.Received> got = server.received();
        assertThat(got).isNotEmpty().allMatch(FakeOssServer.Received::signatureValid);
        assertThat(got).filteredOn(r -> r.method().equals("PUT")).hasSize(2)
                .allMatch(r -> r.headers().containsKey("content-md5") && r.headers().get("authorization").startsWith("OSS " + ID + ":"));
        assertThat(got).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("0.png"))
                .allMatch(r -> "true".equals(r.headers().get("x-oss-forbid-overwrite")));
    }

    @Test
    void aWrongSecret_isRefusedByTheServer_soTheSignatureCheckIsReal() {
        OSS wrong = OssClientFactory.create(settings, new DefaultCredentialProvider(ID, "not-the-secret"));
        try {
            ResultStore bad = OssResultStores.create(wrong, settings, CLOCK, ImageInspectors.headerOnly());
            EditJob job = job();
            assertThatThrownBy(() -> bad.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(8, 8, false))))
                    .isInstanceOf(ResultStoreException.class).hasMessageContaining(job.id().value())
                    .hasMessageContaining("in oss://" + BUCKET + "/runs/")
                    .hasMessageContaining("OSS refused the signature: check OSS_ACCESS_KEY_SECRET")
                    .hasMessageNotContaining("not-the-secret");
            assertThatThrownBy(() -> wrong.putObject(BUCKET, "x.png", new ByteArrayInputStream(new byte[] {1, 2, 3})))
                    .hasMessageContaining("SignatureDoesNotMatch");
            assertThat(server.received()).hasSizeGreaterThanOrEqualTo(2).noneMatch(FakeOssServer.Received::signatureValid);
            assertThat(server.keys(BUCKET)).isEmpty();
        } finally {
            wrong.shutdown();
        }
    }

    @Test
    void theImageObject_carriesItsDigestAndJobAsMetadata() {
        EditJob job = job();
        StoredResult r = store.store(job, result(job, 1), new ByteArrayInputStream(TestImages.png(64, 64, false)));

        Map<String, String> h = server.objectHeaders(BUCKET, "runs/" + job.id().value() + "/1.png");
        assertThat(h).containsEntry("x-oss-meta-sha256", r.sha256()).containsEntry("x-oss-meta-job-id", job.id().value())
                .containsEntry("x-oss-meta-index", "1").containsEntry("content-type", "image/png");
        assertThat(r.location()).isEqualTo("oss://" + BUCKET + "/runs/" + job.id().value() + "/1.png");
        assertThat(r.sidecar()).contains(r.location() + ".json");
    }

    @Test
    void aResultAboveTheThreshold_goesUpInPartsWithContentMd5_andArrivesWhole() throws Exception {
        byte[] big = noisyPng(400, 400);
        assertThat(big.length).isGreaterThan(3 * (int) OssSettings.MIN_PART_BYTES);
        EditJob job = job();

        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(big));

        assertThat(read(r.location())).isEqualTo(big);
        assertThat(r.sha256()).isEqualTo(sha256(big));
        List<FakeOssServer.Received> got = server.received();
        assertThat(got).anyMatch(x -> x.method().equals("POST") && "uploads".equals(x.query()));
        List<FakeOssServer.Received> parts = got.stream().filter(x -> x.method().equals("PUT") && x.query() != null
                && x.query().contains("partNumber")).toList();
        assertThat(parts).hasSize((int) ((big.length + OssSettings.MIN_PART_BYTES - 1) / OssSettings.MIN_PART_BYTES))
                .allMatch(x -> x.headers().containsKey("content-md5"));
        assertThat(got).anyMatch(x -> x.method().equals("POST") && x.query() != null && x.query().startsWith("uploadId=")
                && "true".equals(x.headers().get("x-oss-forbid-overwrite")));
        assertThat(got).allMatch(FakeOssServer.Received::signatureValid);
        assertThat(server.openUploads()).isZero();
    }

    @Test
    void aFailedMultipartUpload_isAborted_andLeavesNoObject() throws Exception {
        server.failPartUploads(true);
        EditJob job = job();

        assertThatThrownBy(() -> store.store(job, result(job, 0), new ByteArrayInputStream(noisyPng(400, 400))))
                .isInstanceOf(ResultStoreException.class).hasMessageContaining("InvalidArgument");

        assertThat(server.openUploads()).isZero();
        assertThat(finalNames(job)).isEmpty();
        assertThat(server.received()).anyMatch(x -> x.method().equals("DELETE") && x.query().startsWith("uploadId="));
    }

    @Test
    void aKeyWithSpacesAndNonAsciiInThePrefix_isSignedAndStoredCorrectly() {
        OssSettings odd = new OssSettings(server.endpoint(), BUCKET, "my runs/猫/", OssSettings.MIN_PART_BYTES, Duration.ofMinutes(5));
        ResultStore s = OssResultStores.create(client, odd, CLOCK, ImageInspectors.headerOnly());
        EditJob job = job();
        StoredResult r = s.store(job, result(job, 0), new ByteArrayInputStream(TestImages.jpeg(16, 16)));

        assertThat(r.location()).isEqualTo("oss://" + BUCKET + "/my runs/猫/" + job.id().value() + "/0.jpg");
        assertThat(read(r.location())).isNotNull();
        assertThat(server.received()).allMatch(FakeOssServer.Received::signatureValid);
    }

    @Test
    void aStoredResult_canBeFetchedThroughAPresignedUrl() throws Exception {
        Clock now = Clock.systemUTC();
        EditJob job = job();
        byte[] png = TestImages.png(40, 30, false);
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(png));
        OssInputResolver resolver = OssInputResolver.presigning(client, settings, now);

        URI url = resolver.resolve(ImageInput.OssImage.parse(r.location()));

        assertThat(url.getQuery()).contains("OSSAccessKeyId=" + ID).contains("Signature=").doesNotContain(SECRET);
        long expires = Long.parseLong(url.getQuery().replaceAll(".*Expires=(\\d+).*", "$1"));
        assertThat(expires).isBetween(now.instant().plus(Duration.ofMinutes(29)).getEpochSecond(),
                now.instant().plus(Duration.ofMinutes(31)).getEpochSecond());
        HttpResponse<byte[]> got = get(url);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(png);
        assertThat(server.received().get(server.received().size() - 1).presigned()).isTrue();
    }

    @Test
    void anImageInTheUsersBucket_resolvesToAUrlTheServiceCanRead() throws Exception {
        byte[] jpg = TestImages.jpeg(30, 20);
        server.seed("users-bucket", "photos/summer 2026/beach.jpg", jpg, "image/jpeg");
        OssInputResolver resolver = OssInputResolver.presigning(client, settings, Clock.systemUTC());

        URI url = resolver.resolve(ImageInput.OssImage.parse("oss://users-bucket/photos/summer 2026/beach.jpg"));

        assertThat(get(url).body()).isEqualTo(jpg);
    }

    @Test
    void aTamperedOrExpiredPresignedUrl_isRefused() throws Exception {
        server.seed(BUCKET, "a.png", TestImages.png(4, 4, false), "image/png");
        server.seed(BUCKET, "b.png", TestImages.png(5, 5, false), "image/png");
        URI good = OssInputResolver.presigning(client, settings, Clock.systemUTC()).resolve(ImageInput.OssImage.parse("oss://" + BUCKET + "/a.png"));
        URI tampered = URI.create(good.toString().replace("/a.png", "/b.png"));
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        URI expired = OssInputResolver.presigning(client, settings, longAgo).resolve(ImageInput.OssImage.parse("oss://" + BUCKET + "/a.png"));

        assertThat(get(good).statusCode()).isEqualTo(200);
        assertThat(get(tampered).statusCode()).isEqualTo(403);
        assertThat(new String(get(tampered).body(), java.nio.charset.StandardCharsets.UTF_8)).contains("SignatureDoesNotMatch");
        assertThat(get(expired).statusCode()).isEqualTo(403);
    }

    @Test
    void theSdkReadsBackWhatItWrote_getHeadAndDeleteAreSignedToo() throws Exception {
        EditJob job = job();
        byte[] png = TestImages.png(12, 12, false);
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(png));
        String key = ImageInput.OssImage.parse(r.location()).key();

        assertThat(client.getObject(BUCKET, key).getObjectContent().readAllBytes()).isEqualTo(png);
        assertThat(client.getObjectMetadata(BUCKET, key).getRawMetadata()).containsValue(r.sha256());
        client.deleteObject(BUCKET, key + ".json");
        assertThat(client.doesObjectExist(BUCKET, key + ".json")).isFalse();

        // Storing again repairs the missing sidecar without touching the image.
        StoredResult again = store.store(job, result(job, 0), new ByteArrayInputStream(png));
        assertThat(again).isEqualTo(r);
        assertThat(client.doesObjectExist(BUCKET, key + ".json")).isTrue();
        assertThat(server.received()).allMatch(FakeOssServer.Received::signatureValid)
                .anyMatch(x -> x.method().equals("DELETE")).anyMatch(x -> x.method().equals("HEAD"))
                .anyMatch(x -> x.method().equals("GET"));
    }

    @Test
    void withoutCredentialsInTheEnvironment_storingFailsWithAHintAndNoSdkType() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OSS_ACCESS_KEY_ID") == null,
                "OSS_ACCESS_KEY_ID is set in this environment");
        OSS envClient = OssClientFactory.create(settings);
        try {
            ResultStore s = OssResultStores.create(envClient, settings, CLOCK, ImageInspectors.headerOnly());
            EditJob job = job();
            assertThatThrownBy(() -> s.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(8, 8, false))))
                    .isInstanceOf(ResultStoreException.class).hasMessageContaining("OSS_ACCESS_KEY_ID");
            assertThatThrownBy(() -> OssInputResolver.presigning(envClient, settings, CLOCK)
                    .resolve(ImageInput.OssImage.parse("oss://b1b/k.png")))
                    .isInstanceOf(OssAccessException.class).hasMessageContaining("OSS_ACCESS_KEY_ID");
            assertThat(server.received()).isEmpty();
        } finally {
            envClient.shutdown();
        }
    }

    // ---------------------------------------------------------------- a sidecar that failed, then storing again

    @org.junit.jupiter.params.ParameterizedTest(name = "HEAD answers with x-oss-meta-*: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aSidecarThatFailed_isWrittenWhenStoredAgain_withoutASecondImage(boolean metadataOnHead) throws Exception {
        server.userMetadataOnHead(metadataOnHead);
        EditJob job = job();
        byte[] png = TestImages.png(64, 48, false);
        server.fail("PUT", ".*/0\\.png\\.json", 1, 403, "AccessDenied", true);

        assertThatThrownBy(() -> store.store(job, result(job, 0), new ByteArrayInputStream(png)))
                .isInstanceOf(ResultStoreException.class).hasMessageContaining("OSS denied access to bucket " + BUCKET);
        assertThat(finalNames(job)).containsExactly("0.png");

        StoredResult again = store.store(job, result(job, 0), new ByteArrayInputStream(png));

        assertThat(again.location()).endsWith("/0.png");
        assertThat(finalNames(job)).containsExactly("0.png", "0.png.json");
        assertThat(server.received()).filteredOn(r -> r.method().equals("PUT") && r.path().endsWith("/0.png")).hasSize(1);
    }

    @Test
    void aMultipartImageWithoutMetadataOnHead_isComparedByItsBytes() throws Exception {
        server.userMetadataOnHead(false);
        EditJob job = job();
        byte[] big = noisyPng(400, 400);
        server.fail("PUT", ".*/0\\.png\\.json", 1, 403, "AccessDenied", true);
        assertThatThrownBy(() -> store.store(job, result(job, 0), new ByteArrayInputStream(big)))
                .isInstanceOf(ResultStoreException.class);

        store.store(job, result(job, 0), new ByteArrayInputStream(big));
        StoredResult other = store.store(job, result(job, 0), new ByteArrayInputStream(noisyPng(401, 400)));

        assertThat(other.location()).endsWith("/0-2.png");
        assertThat(finalNames(job)).containsExactly("0-2.png", "0-2.png.json", "0.png", "0.png.json");
    }

    @Test
    void aServerErrorThenSuccess_isStored_theSdkRepeatingTheIdempotentPut() throws Exception {
        EditJob job = job();
        server.fail("PUT", ".*/0\\.png", 1, 503, "ServiceUnavailable", true);

        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(16, 16, false)));

        assertThat(read(r.location())).isNotNull();
        assertThat(server.received()).filteredOn(x -> x.method().equals("PUT") && x.path().endsWith("/0.png")).hasSize(2);
    }

    // ---------------------------------------------------------------- preflight

    @Test
    void preflight_putsTheWriteCheckUnderThePrefix_signedLikeAResult() {
        store.preflight(java.util.Optional.empty(), 64_000_000);
        store.preflight(java.util.Optional.empty(), 64_000_000);

        assertThat(server.keys(BUCKET)).containsExactly("runs/.wanedit-write-check");
        assertThat(server.received()).hasSize(2).allMatch(FakeOssServer.Received::signatureValid);
    }

    @Test
    void preflight_aMissingBucket_isNamedWithTheEndpointsRegion() {
        server.onlyBuckets("some-other-bucket");

        assertThatThrownBy(() -> store.preflight(java.util.Optional.empty(), 1))
                .isInstanceOfSatisfying(dev.wanedit.application.port.out.ResultStoreUnusable.class, e -> {
                    assertThat(e.where()).isEqualTo("oss://" + BUCKET + "/runs/");
                    assertThat(e.getMessage()).contains("bucket " + BUCKET + " does not exist at OSS_ENDPOINT " + server.endpoint())
                            .contains("region");
                    assertThat(e.mayPassLater()).isFalse();
                });
    }

    @Test
    void preflight_wrongCredentials_nameTheVariableToCheck() {
        OSS wrongSecret = OssClientFactory.create(settings, new DefaultCredentialProvider(ID, "not-the-secret"));
        OSS unknownId = OssClientFactory.create(settings, new DefaultCredentialProvider("LTAI-nobody", SECRET));
        try {
            assertThatThrownBy(() -> OssResultStores.create(wrongSecret, settings, CLOCK, ImageInspectors.headerOnly()).preflight(
                    java.util.Optional.empty(), 1)).isInstanceOf(dev.wanedit.application.port.out.ResultStoreUnusable.class)
                    .hasMessageContaining("OSS refused the signature: check OSS_ACCESS_KEY_SECRET").hasMessageNotContaining("not-the-secret");
            assertThatThrownBy(() -> OssResultStores.create(unknownId, settings, CLOCK, ImageInspectors.headerOnly()).preflight(
                    java.util.Optional.empty(), 1)).isInstanceOf(dev.wanedit.application.port.out.ResultStoreUnusable.class)
                    .hasMessageContaining("OSS does not know the access key id: check OSS_ACCESS_KEY_ID");
            assertThat(server.keys(BUCKET)).isEmpty();
        } finally {
            wrongSecret.shutdown();
            unknownId.shutdown();
        }
    }

    @Test
    void preflight_anEndpointThatIsDown_mayPassLater() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        OssSettings down = new OssSettings("http://127.0.0.1:" + closed, BUCKET, "runs/", OssSettings.MIN_PART_BYTES,
                Duration.ofMinutes(5));
        com.aliyun.oss.ClientBuilderConfiguration once = new com.aliyun.oss.ClientBuilderConfiguration();
        once.setMaxErrorRetry(0); // the product's client repeats a refused connection 3 times, 4 s; the message is the same
        OSS c = new com.aliyun.oss.OSSClientBuilder().build(down.endpoint(), new DefaultCredentialProvider(ID, SECRET), once);
        try {
            assertThatThrownBy(() -> OssResultStores.create(c, down, CLOCK, ImageInspectors.headerOnly())
                    .preflight(java.util.Optional.empty(), 1))
                    .isInstanceOfSatisfying(dev.wanedit.application.port.out.ResultStoreUnusable.class, e -> {
                        assertThat(e.getMessage()).contains("cannot reach OSS at OSS_ENDPOINT " + down.endpoint())
                                .contains("check OSS_ENDPOINT and the network");
                        assertThat(e.mayPassLater()).isTrue();
                    });
        } finally {
            c.shutdown();
        }
    }

    @Test
    void aHeadRefusedWithoutABody_saysTheCredentialsOrRegion_notAccessForbiddenTwice() {
        server.errorHeaderOnHead(false);
        OSS wrong = OssClientFactory.create(settings, new DefaultCredentialProvider(ID, "not-the-secret"));
        try {
            ResultStore bad = OssResultStores.create(wrong, settings, CLOCK, ImageInspectors.headerOnly());
            EditJob job = job();
            assertThatThrownBy(() -> bad.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(8, 8, false))))
                    .isInstanceOf(ResultStoreException.class)
                    .hasMessageContaining("OSS refused the request to bucket " + BUCKET + " without saying why (403)")
                    .hasMessageContaining("OSS_ACCESS_KEY_SECRET").hasMessageNotContaining("AccessForbidden AccessForbidden");
        } finally {
            wrong.shutdown();
        }
    }

    private static HttpResponse<byte[]> get(URI url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] noisyPng(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return TestImages.write(img, "png");
    }
}
