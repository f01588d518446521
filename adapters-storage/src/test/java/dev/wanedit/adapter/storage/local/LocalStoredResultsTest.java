package dev.wanedit.adapter.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.request.EditRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored results found again from their sidecars and the folder's index, without any journal. */
class LocalStoredResultsTest {

    private static final Instant T0 = Jobs.T0;
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);
    private static final String EMULATOR = "http://127.0.0.1:8089";

    @TempDir
    Path tmp;

    private Path out() {
        return tmp.resolve("out");
    }

    private ResultStore store() {
        return LocalResultStores.create(out(), CLOCK, ImageInspectors.headerOnly());
    }

    /** wan2.5 with a local file: a request a sidecar keeps whole. */
    private static EditRequest request(String prompt) {
        return EditRequest.draft("wan2.5-i2i-preview").region(Region.BEIJING).prompt(prompt)
                .image(Requests.local("in/cat.png", 1024, 768)).n(2).build();
    }

    private StoredResults stored() {
        return LocalResultStores.storedResults(out());
    }

    /** A new job of a batch line, as a batch would make it before journaling it. */
    private EditJob fresh(EditRequest r, String line, Optional<String> endpoint) {
        return EditJob.create(Jobs.id(T0), r, T0, Optional.of(new BatchRef("/m/catalog.jsonl", line)),
                Optional.of(out().toString()), endpoint);
    }

    /** The same line run to the end, its {@code ok} images stored (and one failed slot after them). */
    private EditJob storedJob(EditRequest r, String line, int ok) {
        EditJob j = fresh(r, line, Optional.of(EMULATOR));
        j.beginSubmission(T0);
        String task = "task-" + j.id().value();
        j.accepted(new RemoteTaskRef(task, Region.BEIJING, Optional.of(EMULATOR)), RemoteStatus.RUNNING, T0.plusSeconds(1));
        j.apply(Jobs.succeeded(task, ok, T0.plusSeconds(40)), T0.plusSeconds(41));
        ResultStore store = store();
        for (int i = 0; i < ok; i++) {
            var s = store.store(j, j.results().get(i), new ByteArrayInputStream(TestImages.png(16 + i, 8, false)));
            j.recordStored(i, s.location(), s.sha256(), s.bytes(), T0.plusSeconds(42));
        }
        assertThat(j.state()).isEqualTo(JobState.STORED);
        return j;
    }

    @Test
    void find_theSameLine_givesItsTaskAndEveryStoredImage() {
        EditJob first = storedJob(request("line 1"), "l1@abc", 2);
        storedJob(request("line 2"), "l2@def", 1);

        StoredResults.Found f = stored().find(fresh(request("line 1"), "l1@abc", Optional.of(EMULATOR))).orElseThrow();

        assertThat(f.jobId()).isEqualTo(first.id());
        assertThat(f.task()).isEqualTo(first.task().orElseThrow());
        assertThat(f.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(f.slots()).isEqualTo(3); // two images and the failed slot
        assertThat(f.stored()).extracting(r -> r.storedAt().orElseThrow())
                .containsExactly(first.results().get(0).storedAt().orElseThrow(), first.results().get(1).storedAt().orElseThrow());
        assertThat(f.stored()).extracting(r -> r.sha256().orElseThrow())
                .containsExactly(first.results().get(0).sha256().orElseThrow(), first.results().get(1).sha256().orElseThrow());
        assertThat(f.request()).hasValueSatisfying(r -> assertThat(r.fingerprint()).isEqualTo(first.fingerprint()));

        EditJob recovered = f.recover(first.request(), CLOCK.instant());
        assertThat(recovered.state()).isEqualTo(JobState.STORED);
        assertThat(recovered.isPartial()).isTrue(); // slot 2 failed, as it had
    }

    @Test
    void find_anotherLine_anotherRequest_orAnotherEndpoint_findsNothing() {
        storedJob(request("line 1"), "l1@abc", 1);

        assertThat(stored().find(fresh(request("line 1"), "l9@abc", Optional.of(EMULATOR)))).isEmpty();
        assertThat(stored().find(fresh(request("line 1, edited"), "l1@abc", Optional.of(EMULATOR)))).isEmpty();
        assertThat(stored().find(fresh(request("line 1"), "l1@abc", Optional.empty()))).isEmpty(); // the real service
    }

    @Test
    void find_withoutTheIndex_readsTheSidecars() throws Exception {
        EditJob first = storedJob(request("line 1"), "l1@abc", 1);
        Files.delete(out().resolve(LocalStoredResults.INDEX));

        assertThat(stored().find(fresh(request("line 1"), "l1@abc", Optional.of(EMULATOR))))
                .hasValueSatisfying(f -> assertThat(f.jobId()).isEqualTo(first.id()));
    }

    @Test
    void find_aDamagedIndexLine_andAJobTheIndexMissed_stillFound() throws Exception {
        storedJob(request("line 1"), "l1@abc", 1);
        Path index = out().resolve(LocalStoredResults.INDEX);
        Files.write(index, List.of("{\"job\":\"20261121-1015"), StandardCharsets.UTF_8); // only a line cut short by a crash
        EditJob second = storedJob(request("line 2"), "l2@abc", 1);
        Files.write(index, List.of("{\"job\":\"20261121-1015"), StandardCharsets.UTF_8);

        assertThat(stored().find(fresh(request("line 2"), "l2@abc", Optional.of(EMULATOR))))
                .hasValueSatisfying(f -> assertThat(f.jobId()).isEqualTo(second.id()));
    }

    @Test
    void find_anImageCutShort_isNotTakenForStored() throws Exception {
        EditJob first = storedJob(request("line 1"), "l1@abc", 1);
        Path image = Path.of(first.results().get(0).storedAt().orElseThrow());
        Files.write(image, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(stored().find(fresh(request("line 1"), "l1@abc", Optional.of(EMULATOR)))).isEmpty();
    }

    @Test
    void find_aFolderThatDoesNotExist_orCannotBeRead_findsNothingAndThrowsNothing() throws Exception {
        assertThat(stored().find(fresh(request("line 1"), "l1@abc", Optional.of(EMULATOR)))).isEmpty();
        Files.createDirectories(out());
        Files.createDirectory(out().resolve(LocalStoredResults.INDEX)); // a folder where the index should be: unreadable

        assertThat(stored().find(fresh(request("line 1"), "l1@abc", Optional.of(EMULATOR)))).isEmpty();
    }

    @Test
    void scan_listsEveryJob_andSaysWhichResultsCannotBeUsed() throws Exception {
        EditJob a = storedJob(request("line 1"), "l1@abc", 1);
        EditJob b = storedJob(request("line 2"), "l2@abc", 2);
        Path old = Files.createDirectories(out().resolve("20261101-101010-000-old001"));
        Files.write(old.resolve("0.png"), TestImages.png(8, 8, false));
        Files.writeString(old.resolve("0.json"), "{\"job_id\":\"20261101-101010-000-old001\",\"sha256\":\"00\",\"bytes\":1}");
        Files.createDirectories(out().resolve("holiday photos")); // the user's own folder: not a job's
        Path tampered = Path.of(b.results().get(1).storedAt().orElseThrow());
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length - 1] ^= 1; // same size, other bytes
        Files.write(tampered, bytes);

        StoredResults.Scan scan = stored().scan(Optional.empty());

        assertThat(scan.jobs()).extracting(StoredResults.Found::jobId).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(scan.jobs()).filteredOn(f -> f.jobId().equals(b.id())).singleElement()
                .satisfies(f -> assertThat(f.stored()).hasSize(1)); // the tampered image is not vouched for
        assertThat(scan.skipped()).anySatisfy(s -> assertThat(s).contains("old001").contains("older than sidecar version 2"));
        assertThat(scan.skipped()).anySatisfy(s -> assertThat(s).contains("1.json").contains("digest"));
        assertThat(scan.skipped()).noneMatch(s -> s.contains("holiday"));
    }

    @Test
    void sidecar_ofInlineAndSignedInputs_keepsNeitherTheDataNorTheSignature_soItsRequestIsNotRebuilt() throws Exception {
        EditJob job = storedJob(Requests.wan25("line 1"), "l1@abc", 1); // a local file, a signed URL, an inline image
        Path sidecar = LocalResultStores.sidecarOf(Path.of(job.results().get(0).storedAt().orElseThrow()));
        String json = Files.readString(sidecar);

        assertThat(json).doesNotContain("base64").doesNotContain("UklGR").doesNotContain("Expires=").doesNotContain("Signature");
        ResultSidecar.Parsed p = ResultSidecar.parse(Files.readAllBytes(sidecar)).orElseThrow();
        assertThat(p.request()).isEmpty();
        assertThat(p.requestProblem()).hasValueSatisfying(m -> assertThat(m).contains("digest only"));
        // found all the same for the batch line, which brings its own request
        assertThat(stored().find(fresh(Requests.wan25("line 1"), "l1@abc", Optional.of(EMULATOR))))
                .hasValueSatisfying(f -> assertThat(f.jobId()).isEqualTo(job.id()));
        assertThat(stored().scan(Optional.empty()).skipped()).anySatisfy(s -> assertThat(s).contains("not kept whole"));
    }

    @Test
    void sidecar_namesTheRequest_itsFingerprint_batchLineAndEndpoint_andTheIndexPointsAtIt() throws Exception {
        EditJob job = storedJob(request("line 1"), "l1@abc", 1);
        Path sidecar = LocalResultStores.sidecarOf(Path.of(job.results().get(0).storedAt().orElseThrow()));
        String json = Files.readString(sidecar);

        assertThat(json).contains("\"sidecar_version\" : 2").contains(job.fingerprint()).contains("l1@abc").contains(EMULATOR);
        ResultSidecar.Parsed p = ResultSidecar.parse(Files.readAllBytes(sidecar)).orElseThrow();
        assertThat(p.request()).hasValueSatisfying(r -> assertThat(r.fingerprint()).isEqualTo(job.fingerprint()));
        try (Stream<String> lines = Files.lines(out().resolve(LocalStoredResults.INDEX))) {
            assertThat(lines.filter(l -> l.contains(job.id().value()))).hasSize(1);
        }
    }
}
