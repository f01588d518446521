package dev.wanedit.application.fakes;

import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory journal for service tests. It keeps snapshots (restored copies), not the live
 * objects, so a test sees exactly what a real journal would hold, and it enforces versions.
 */
public final class InMemoryJobRepository implements JobRepository {

    private final Map<JobId, EditJob> jobs = new LinkedHashMap<>();
    private int writes;

    @Override
    public synchronized void insert(EditJob job) {
        if (jobs.containsKey(job.id())) {
            throw new IllegalStateException("job " + job.id() + " already exists");
        }
        job.journalVersion().inserted();
        jobs.put(job.id(), copy(job));
        writes++;
    }

    @Override
    public synchronized void update(EditJob job) {
        EditJob current = jobs.get(job.id());
        if (current == null) {
            throw new IllegalStateException("job " + job.id() + " was never inserted");
        }
        if (current.version() != job.version()) {
            throw new ConcurrentJobUpdate(job.id(), job.version());
        }
        job.journalVersion().updated(current.version());
        jobs.put(job.id(), copy(job));
        writes++;
    }

    @Override
    public synchronized Optional<EditJob> find(JobId id) {
        return Optional.ofNullable(jobs.get(id)).map(InMemoryJobRepository::copy);
    }

    @Override
    public synchronized Optional<EditJob> findUnfinishedByFingerprint(String fingerprint) {
        return newestFirst().filter(j -> j.fingerprint().equals(fingerprint) && JobState.unfinished().contains(j.state()))
                .findFirst().map(InMemoryJobRepository::copy);
    }

    @Override
    public synchronized Optional<EditJob> findByBatchLine(String batchId, String lineKey) {
        return newestFirst().filter(j -> j.batch().filter(b -> b.batchId().equals(batchId) && b.lineKey().equals(lineKey)).isPresent())
                .findFirst().map(InMemoryJobRepository::copy);
    }

    @Override
    public synchronized Optional<EditJob> findByTaskId(String taskId) {
        return newestFirst().filter(j -> j.task().filter(t -> t.taskId().equals(taskId)).isPresent())
                .findFirst().map(InMemoryJobRepository::copy);
    }

    @Override
    public synchronized List<EditJob> list(JobQuery q) {
        return newestFirst()
                .filter(j -> q.states().isEmpty() || q.states().contains(j.state()))
                .filter(j -> q.createdSince().map(s -> !j.createdAt().isBefore(s)).orElse(true))
                .filter(j -> q.batchId().map(b -> j.batch().filter(r -> r.batchId().equals(b)).isPresent()).orElse(true))
                .limit(q.limit())
                .map(InMemoryJobRepository::copy)
                .toList();
    }

    /** How many writes were made, for tests that check journaling. */
    public synchronized int writes() {
        return writes;
    }

    private java.util.stream.Stream<EditJob> newestFirst() {
        return jobs.values().stream().sorted(Comparator.comparing(EditJob::createdAt).thenComparing(EditJob::id).reversed());
    }

    private static EditJob copy(EditJob j) {
        return j.copy();
    }
}
