package dev.wanedit.adapter.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.testing.ResultStoreContract;
import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.domain.job.EditJob;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the local file system, plus what only the local store does. */
class LocalResultStoreTest extends ResultStoreContract {

    @TempDir
    Path tmp;

    private Path out() {
        return tmp.resolve("results");
    }

    @Override
    protected ResultStore newStore() {
        return LocalResultStores.create(out(), CLOCK, ImageInspectors.headerOnly());
    }

    @Override
    protected byte[] read(String location) throws Exception {
        return Files.readAllBytes(Path.of(location));
    }

    @Override
    protected List<String> finalNames(EditJob job) throws Exception {
        Path dir = out().resolve(job.id().value());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Override
    protected String sidecarName(String imageName) {
        return imageName.substring(0, imageName.lastIndexOf('.')) + ".json";
    }

    private List<String> allNames(EditJob job) throws Exception {
        try (Stream<Path> files = Files.list(out().resolve(job.id().value()))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void layout_isOutJobIdIndex_withTheSidecarBesideIt() {
        EditJob job = job();
        StoredResult r = store.store(job, result(job, 2), new ByteArrayInputStream(TestImages.png(8, 8, false)));

        assertThat(Path.of(r.location())).isEqualTo(out().resolve(job.id().value()).resolve("2.png").toAbsolutePath());
        assertThat(r.sidecar()).contains(out().resolve(job.id().value()).resolve("2.json").toAbsolutePath().toString());
    }

    @Test
    void aJobWithADestination_isStoredThere_whateverTheStoreWasConfiguredWith() throws Exception {
        EditJob base = job();
        Path elsewhere = tmp.resolve("asked-for");
        EditJob job = EditJob.create(base.id(), base.request(), base.createdAt(), base.batch(),
                java.util.Optional.of(elsewhere.toString()));
        job.beginSubmission(base.createdAt());
        job.accepted(new dev.wanedit.domain.job.RemoteTaskRef("t-1", base.request().region(), java.util.Optional.empty()),
                dev.wanedit.domain.job.RemoteStatus.RUNNING, base.createdAt());
        job.apply(new dev.wanedit.domain.job.TaskSnapshot("t-1", dev.wanedit.domain.job.RemoteStatus.SUCCEEDED, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.of(base.createdAt()),
                List.of(dev.wanedit.domain.job.RemoteResult.success(0, java.net.URI.create("https://r/0.png"), null)),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()), base.createdAt());

        StoredResult r = store.store(job, job.results().get(0), new ByteArrayInputStream(TestImages.png(8, 8, false)));

        assertThat(Path.of(r.location())).isEqualTo(elsewhere.resolve(job.id().value()).resolve("0.png").toAbsolutePath());
        assertThat(Files.exists(out().resolve(job.id().value()))).isFalse();
    }

    @Test
    void noTempFileIsLeftBehind() throws Exception {
        EditJob job = job();
        store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(8, 8, false)));
        store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(9, 8, false)));
        assertThat(allNames(job)).containsExactly("0-2.json", "0-2.png", "0.json", "0.png");
    }

    @Test
    void bytesThatAreNoImage_areStillKept_asBin() throws Exception {
        EditJob job = job();
        byte[] html = "<html>gateway timeout</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(html));
        assertThat(r.location()).endsWith("0.bin");
        assertThat(Files.readAllBytes(Path.of(r.location()))).isEqualTo(html);
    }

    @Test
    void aMissingSidecar_isRewrittenWhenTheSameImageIsStoredAgain() throws Exception {
        EditJob job = job();
        byte[] png = TestImages.png(8, 8, false);
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(png));
        Files.delete(Path.of(r.sidecar().orElseThrow())); // as if the process died between image and sidecar

        StoredResult again = store.store(job, result(job, 0), new ByteArrayInputStream(png));

        assertThat(again).isEqualTo(r);
        assertThat(Path.of(r.sidecar().orElseThrow())).exists();
    }

    @Test
    void tempFilesOfDeadWriters_areRemoved_andThoseOfLiveOnesKept() throws Exception {
        EditJob job = job();
        Path dir = Files.createDirectories(out().resolve(job.id().value()));
        long deadPid = deadPid();
        Path dead = Files.writeString(dir.resolve(".0." + deadPid + ".abc.tmp"), "half an image");
        long livePid = ProcessHandle.current().parent().orElseThrow().pid();
        Path live = Files.writeString(dir.resolve(".1." + livePid + ".def.tmp"), "being written");
        Path unrelated = Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThat(LocalResultStores.removeAbandonedTempFiles(out())).isEqualTo(1);

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void storingIntoAJobFolder_cleansAbandonedTempFilesThere() throws Exception {
        EditJob job = job();
        Path dir = Files.createDirectories(out().resolve(job.id().value()));
        Path dead = Files.writeString(dir.resolve(".0." + deadPid() + ".abc.tmp"), "half an image");

        store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(8, 8, false)));

        assertThat(dead).doesNotExist();
    }

    @Test
    void preflight_writesInTheFolderOrTheNearestOneAboveIt_andLeavesNothing() throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("there"));

        store.preflight(java.util.Optional.of(dest.toString()), 1_000);
        store.preflight(java.util.Optional.of(tmp.resolve("to/be/made").toString()), 1_000);
        store.preflight(java.util.Optional.empty(), 1_000); // the store's own folder, not made yet

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("there");
        }
        try (Stream<Path> left = Files.list(dest)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void preflight_refusesADiskWithoutRoomForTheExpectedBytes_namingFolderAndSizes() {
        ResultStore full = new LocalResultStore(out(), CLOCK, ImageInspectors.headerOnly(), folder -> 3_000_000);

        full.preflight(java.util.Optional.empty(), 2_999_999);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> full.preflight(java.util.Optional.empty(), 64_000_000))
                .isInstanceOfSatisfying(dev.wanedit.application.port.out.ResultStoreUnusable.class, e -> {
                    assertThat(e.where()).isEqualTo(out().toAbsolutePath().toString());
                    assertThat(e.getMessage()).contains("3.0 MB free").contains("64.0 MB");
                    assertThat(e.mayPassLater()).isFalse();
                });
    }

    @Test
    void preflight_refusesAFolderThatCannotBeMade_sayingWhy() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.preflight(java.util.Optional.of(file.resolve("sub").toString()), 1))
                .isInstanceOfSatisfying(dev.wanedit.application.port.out.ResultStoreUnusable.class, e -> {
                    assertThat(e.where()).endsWith("a-file/sub");
                    assertThat(e.getMessage()).contains("cannot be written").contains("a-file is not a folder").contains("-o");
                });
    }

    @Test
    void sidecarOf_isTheStoresOwnRule() {
        EditJob job = job();
        StoredResult r = store.store(job, result(job, 0), new ByteArrayInputStream(TestImages.png(8, 8, false)));
        assertThat(LocalResultStores.sidecarOf(Path.of(r.location())).toString()).isEqualTo(r.sidecar().orElseThrow());
    }

    /** The pid of a process that has certainly exited. */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p.pid();
    }
}
