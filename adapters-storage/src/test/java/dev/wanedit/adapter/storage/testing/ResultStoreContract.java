package dev.wanedit.adapter.storage.testing;

import static dev.wanedit.adapter.storage.testing.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ResultStore} contract; the local and the OSS store both run it. */
public abstract class ResultStoreContract {

    protected static final Instant STORED_AT = Instant.parse("2026-11-21T10:20:00Z");
    protected static final Clock CLOCK = Clock.fixed(STORED_AT, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    protected ResultStore store;

    /** A fresh store with an empty destination, whose clock is {@link #CLOCK}. */
    protected abstract ResultStore newStore() throws Exception;

    /** The bytes at a location the store returned. */
    protected abstract byte[] read(String location) throws Exception;

    /** Every final (non-temporary) name stored for the job, relative to the job's folder or prefix, sorted. */
    protected abstract List<String> finalNames(EditJob job) throws Exception;

    /** The sidecar's name for an image name, e.g. {@code 0.png} to {@code 0.json} (local) or {@code 0.png.json} (OSS). */
    protected abstract String sidecarName(String imageName);

    /** The sorted final names of these images and their sidecars. */
    protected List<String> withSidecars(String... images) {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (String i : images) {
            all.add(i);
            all.add(sidecarName(i));
        }
        return all.stream().sorted().toList();
    }

    @BeforeEach
    void setUpStore() throws Exception {
        store = newStore();
    }

    protected static EditJob job() {
        return Jobs.succeeded(Requests.wan25("make it snow"), T0, 3);
    }

    protected static ResultImage result(EditJob job, int index) {
        return job.results().get(index);
    }

    @Test
    void store_keepsTheBytes_andReportsDigestAndSize() throws Exception {
        EditJob job = job();
        byte[] png = TestImages.png(320, 240, false);

        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(png));

        assertThat(read(r.location())).isEqualTo(png);
        assertThat(r.sha256()).isEqualTo(sha256(png));
        assertThat(r.bytes()).isEqualTo(png.length);
        assertThat(r.location()).contains(job.id().value()).endsWith("0.png");
        assertThat(finalNames(job)).containsExactlyElementsOf(withSidecars("0.png"));
    }

    @Test
    void sidecar_describesTheImage() throws Exception {
        EditJob job = job();
        byte[] png = TestImages.png(1280, 720, false);

        StoredResult r = store.store(job, result(job, 1), new ByteArrayInputStream(png));
        JsonNode s = JSON.readTree(read(r.sidecar().orElseThrow()));

        assertThat(s.get("job_id").asText()).isEqualTo(job.id().value());
        assertThat(s.get("task_id").asText()).isEqualTo(job.task().orElseThrow().taskId());
        assertThat(s.get("index").asInt()).isEqualTo(1);
        assertThat(s.get("model").asText()).isEqualTo("wan2.5-i2i-preview");
        assertThat(s.get("region").asText()).isEqualTo("beijing"); // where the task ran
        assertThat(s.get("prompt").asText()).isEqualTo("make it snow");
        assertThat(s.get("actual_prompt").asText()).isEqualTo("actual prompt 1");
        assertThat(s.get("negative_prompt").asText()).isEqualTo("blurry, low quality");
        assertThat(s.get("seed").asLong()).as("seed + index").isEqualTo(43);
        assertThat(s.at("/size/requested").asText()).isEqualTo("1280*720");
        assertThat(s.at("/size/expected").asText()).isEqualTo("1280*720");
        assertThat(s.at("/size/actual").asText()).isEqualTo("1280*720");
        assertThat(s.get("format").asText()).isEqualTo("PNG");
        assertThat(s.get("sha256").asText()).isEqualTo(sha256(png));
        assertThat(s.get("bytes").asLong()).isEqualTo(png.length);
        assertThat(s.get("stored_at").asText()).isEqualTo(STORED_AT.toString());
        assertThat(s.get("inputs")).hasSize(3);
        assertThat(s.get("inputs").get(0).get("reference").asText()).endsWith("in/cat.png");
        assertThat(s.get("inputs").get(1).get("reference").asText()).isEqualTo("https://example.com/dog.jpg");
        assertThat(s.get("inputs").get(2).get("reference").asText()).startsWith("data:image/webp (123456 bytes) sha256:");
    }

    @Test
    void sidecar_neverHoldsADataUriOrASignedQuery() throws Exception {
        EditJob job = job();
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(64, 64, false)));
        String sidecar = new String(read(r.sidecar().orElseThrow()), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(sidecar).doesNotContain("base64").doesNotContain("UklGRhoAAABXRUJQ")
                .doesNotContain("Signature").doesNotContain("Expires");
    }

    @Test
    void sidecar_ofAFunctionRequest_namesFunctionAndParams() throws Exception {
        EditJob job = Jobs.succeeded(Requests.wanx21Expand(), T0, 1);
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(64, 64, false)));
        JsonNode s = JSON.readTree(read(r.sidecar().orElseThrow()));

        assertThat(s.get("function").asText()).isEqualTo("expand");
        assertThat(s.at("/params/top_scale").asDouble()).isEqualTo(1.5);
        assertThat(s.get("inputs").get(0).get("reference").asText()).isEqualTo("oss://my-bucket/photos/beach.jpg");
        assertThat(s.get("seed").isNull()).isTrue();
    }

    @Test
    void storingTheSameBytesAgain_isANoOpReturningTheSameLocation() throws Exception {
        EditJob job = job();
        byte[] png = TestImages.png(100, 100, true);
        StoredResult first = store.store(job, result(job, 0), new ByteArrayInputStream(png));

        StoredResult second = store.store(job, result(job, 0), new ByteArrayInputStream(png));

        assertThat(second).isEqualTo(first);
        assertThat(finalNames(job)).containsExactlyElementsOf(withSidecars("0.png"));
    }

    @Test
    void differentBytesForAStoredIndex_neverOverwrite_andGoUnderANewName() throws Exception {
        EditJob job = job();
        byte[] a = TestImages.png(100, 100, false);
        byte[] b = TestImages.png(101, 100, false);
        StoredResult first = store.store(job, result(job, 0), new ByteArrayInputStream(a));

        StoredResult second = store.store(job, result(job, 0), new ByteArrayInputStream(b));
        StoredResult secondAgain = store.store(job, result(job, 0), new ByteArrayInputStream(b));

        assertThat(second.location()).isNotEqualTo(first.location()).endsWith("0-2.png");
        assertThat(secondAgain).isEqualTo(second);
        assertThat(read(first.location())).isEqualTo(a);
        assertThat(read(second.location())).isEqualTo(b);
        assertThat(finalNames(job)).containsExactlyElementsOf(withSidecars("0.png", "0-2.png"));
    }

    @Test
    void eachIndexHasItsOwnName() throws Exception {
        EditJob job = job();
        store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(10, 10, false)));
        store.store(job, result(job, 2), new ByteArrayInputStream(TestImages.png(10, 10, false)));
        assertThat(finalNames(job)).containsExactlyElementsOf(withSidecars("0.png", "2.png"));
    }

    @Test
    void aJpegResult_getsTheJpegExtension() throws Exception {
        EditJob job = job();
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.jpeg(50, 40)));
        assertThat(r.location()).endsWith("0.jpg");
        assertThat(JSON.readTree(read(r.sidecar().orElseThrow())).get("format").asText()).isEqualTo("JPEG");
    }

    @Test
    void aStreamThatFailsMidway_leavesNothingUnderAFinalName() throws Exception {
        EditJob job = job();
        InputStream broken = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100_000) {
                    throw new IOException("connection reset by peer");
                }
                return 7;
            }
        };

        assertThatThrownBy(() -> store.store(job, result(job, 0), broken)).isInstanceOf(ResultStoreException.class)
                .hasMessageContaining("connection reset by peer").hasMessageContaining(job.id().value());
        assertThat(finalNames(job)).isEmpty();
    }

    @Test
    void anEmptyResult_isRefused() throws Exception {
        EditJob job = job();
        assertThatThrownBy(() -> store.store(job, result(job, 0), new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(ResultStoreException.class).hasMessageContaining("empty");
        assertThat(finalNames(job)).isEmpty();
    }

    @Test
    void concurrentWritersOfOneIndex_neverOverwriteEachOther() throws Exception {
        EditJob job = job();
        int writers = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<StoredResult>> futures = new java.util.ArrayList<>();
            List<byte[]> images = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] png = TestImages.png(20 + i, 20, false);
                images.add(png);
                futures.add(pool.submit(() -> {
                    start.await();
                    return store.store(job, result(job, 0), new ByteArrayInputStream(png));
                }));
            }
            start.countDown();
            java.util.Set<String> locations = new java.util.HashSet<>();
            for (int i = 0; i < writers; i++) {
                StoredResult r = futures.get(i).get();
                locations.add(r.location());
                assertThat(read(r.location())).as("writer " + i + "'s bytes under its own name").isEqualTo(images.get(i));
            }
            assertThat(locations).hasSize(writers);
            assertThat(finalNames(job)).containsExactlyElementsOf(withSidecars("0.png", "0-2.png", "0-3.png", "0-4.png"));
        } finally {
            pool.shutdownNow();
        }
    }

    public static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
