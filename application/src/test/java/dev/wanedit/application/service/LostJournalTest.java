package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.fakes.LineOutcomes;
import dev.wanedit.application.port.in.RebuildJournal;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.StoredResults;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobEvent;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A journal lost after a batch (deleted, emptied, another machine's): the results stored beside
 * their sidecars are found before paying, line by line, and {@code journal rebuild} journals them
 * again. The stored results here are the first run's jobs, as a store's sidecars describe them.
 */
class LostJournalTest {

    /** Every line's outcome, as the listener hears it (the report keeps only counts). */
    private final LineOutcomes collect = new LineOutcomes();
    private final List<BatchReport.LineOutcome> ended = collect.ended;

    /** What a store's sidecars say of the jobs a first run stored. */
    private static final class Sidecars implements StoredResults {
        final List<Found> found = new ArrayList<>();
        int finds;

        Sidecars(List<EditJob> stored) {
            for (EditJob j : stored) {
                found.add(new Found(j.id(), Optional.of(j.request()), j.fingerprint(), j.batch(), j.endpoint(), j.destination(),
                        j.task().orElseThrow(), j.createdAt(), j.results().size(), j.results(), "out/" + j.id()));
            }
        }

        @Override
        public Optional<Found> find(EditJob fresh) {
            finds++;
            return found.stream().filter(f -> f.fingerprint().equals(fresh.fingerprint()) && f.batch().equals(fresh.batch())
                    && f.endpoint().equals(fresh.endpoint())).findFirst();
        }

        @Override
        public Scan scan(Optional<String> place) {
            return new Scan(found, List.of("out/old/0.json: written by a wanedit older than sidecar version 2"));
        }
    }

    private static BatchService batchOf(ServiceFixture f) {
        f.inspector.with("shelf.png", new ImageFacts(ImageFormat.PNG, 1024, 1024, 50_000, false));
        return new BatchService(f.validate, f.submit, new TaskPoller(f.editing, f.limiters, f.sleeper), f.collector, f.jobs,
                f.limiters, f.clock, f.sleeper, new java.util.SplittableRandom(5));
    }

    private static ManifestSource lines(int count) {
        return () -> LongStream.rangeClosed(1, count).mapToObj(i -> ManifestLine.of(i, "sku-" + i,
                EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("Put product " + i + " on the shelf").n(1)
                        ));
    }

    private static BatchSpec spec() {
        return new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                Duration.ofHours(2));
    }

    private static List<EditJob> firstRun(int lines) throws Exception {
        ServiceFixture first = new ServiceFixture();
        batchOf(first).run(spec(), lines(lines), BatchProgress.Listener.NONE);
        List<EditJob> stored = first.jobs.list(new JobQuery(java.util.Set.of(), Optional.empty(), Optional.empty(), 100));
        assertThat(stored).hasSize(lines).allMatch(j -> j.state() == JobState.STORED);
        return stored;
    }

    @Test
    void batchAfterTheJournalWasLost_paysForNoStoredLine_andSendsOnlyTheLineNeverStored() throws Exception {
        List<EditJob> stored = firstRun(4);
        Sidecars sidecars = new Sidecars(stored.subList(1, 4)); // one line's results are gone too
        ServiceFixture again = new ServiceFixture(null, sidecars);

        BatchReport report = batchOf(again).run(spec(), lines(4), collect);

        assertThat(again.editing.created()).isEqualTo(1); // only the line with nothing stored
        assertThat(ended).hasSize(4).allMatch(o -> o.state() == JobState.STORED);
        assertThat(report.countsByState()).containsEntry(JobState.STORED, 4L);
        List<EditJob> journaled = again.jobs.list(new JobQuery(java.util.Set.of(), Optional.empty(), Optional.empty(), 100));
        List<EditJob> recovered = journaled.stream()
                .filter(j -> j.history().stream().anyMatch(e -> e.kind() == JobEvent.Kind.RECOVERED)).toList();
        assertThat(recovered).extracting(EditJob::id)
                .containsExactlyInAnyOrderElementsOf(stored.subList(1, 4).stream().map(EditJob::id).toList());
        assertThat(recovered).allSatisfy(j -> {
            EditJob original = stored.stream().filter(s -> s.id().equals(j.id())).findFirst().orElseThrow();
            assertThat(j.task()).isEqualTo(original.task());
            assertThat(j.results()).extracting(r -> r.storedAt().orElseThrow())
                    .isEqualTo(original.results().stream().map(r -> r.storedAt().orElseThrow()).toList());
            assertThat(j.isPartial()).isFalse();
        });
    }

    @Test
    void batchRunAgainWithTheJournal_doesNotSearchTheSidecarsForLinesItKnows_beyondTheFirstLook() throws Exception {
        List<EditJob> stored = firstRun(3);
        Sidecars sidecars = new Sidecars(stored);
        ServiceFixture again = new ServiceFixture(null, sidecars);
        batchOf(again).run(spec(), lines(3), BatchProgress.Listener.NONE);

        batchOf(again).run(spec(), lines(3), collect); // the journal now knows every line

        assertThat(again.editing.created()).isZero();
        assertThat(ended).hasSize(3).allMatch(o -> o.state() == JobState.STORED);
    }

    @Test
    void force_paysAgainEvenWhenResultsAreStored() throws Exception {
        List<EditJob> stored = firstRun(2);
        ServiceFixture again = new ServiceFixture(null, new Sidecars(stored));
        BatchSpec force = new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false,
                true, Duration.ofHours(2));

        batchOf(again).run(force, lines(2), collect);

        assertThat(again.editing.created()).isEqualTo(2);
    }

    @Test
    void rebuild_journalsEveryStoredJobOnce_andKnowsThemTheSecondTime() throws Exception {
        List<EditJob> stored = firstRun(3);
        ServiceFixture again = new ServiceFixture();
        RebuildJournalService rebuild = new RebuildJournalService(again.jobs, new Sidecars(stored), again.clock, "out");

        RebuildJournal.Report first = rebuild.rebuild();
        RebuildJournal.Report second = rebuild.rebuild();

        assertThat(first.journaled()).hasSize(3).allMatch(j -> j.state() == JobState.STORED);
        assertThat(first.known()).isZero();
        assertThat(first.skipped()).singleElement().asString().contains("older than sidecar version 2");
        assertThat(second.journaled()).isEmpty();
        assertThat(second.known()).isEqualTo(3);
        assertThat(again.jobs.list(new JobQuery(java.util.Set.of(), Optional.empty(), Optional.empty(), 100)))
                .extracting(EditJob::id).containsExactlyInAnyOrderElementsOf(stored.stream().map(EditJob::id).toList());

        batchOf(again).run(spec(), lines(3), collect); // the rebuilt journal knows each line: nothing is paid
        assertThat(again.editing.created()).isZero();
        assertThat(ended).hasSize(3).allMatch(o -> o.state() == JobState.STORED);
    }
}
