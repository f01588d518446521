package dev.wanedit.domain.job;

import dev.wanedit.domain.request.EditRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds an {@link EditJob.Snapshot} by name, so that a journal row or a test fixture says which
 * value is which; what is not set is empty (no task, no results, version 0). The rules of the
 * state are checked by {@link EditJob#restore}, not here.
 */
public final class SnapshotBuilder {

    private JobId id;
    private EditRequest request;
    private String fingerprint;
    private Instant createdAt;
    private Optional<BatchRef> batch = Optional.empty();
    private Optional<String> destination = Optional.empty();
    private Optional<String> endpoint = Optional.empty();
    private JobState state;
    private Optional<RemoteTaskRef> task = Optional.empty();
    private Optional<Instant> submittingSince = Optional.empty();
    private boolean synchronousCall;
    private Optional<CreateDoubt> doubt = Optional.empty();
    private Optional<Instant> remoteSubmitTime = Optional.empty();
    private Optional<Instant> remoteEndTime = Optional.empty();
    private List<ResultImage> results = List.of();
    private Optional<Usage> usage = Optional.empty();
    private Optional<JobFailure> failure = Optional.empty();
    private List<JobEvent> history = List.of();
    private Optional<Instant> unknownSince = Optional.empty();
    private Optional<JobProblem> problem = Optional.empty();
    private Instant updatedAt;
    private long version;

    SnapshotBuilder() {
    }

    SnapshotBuilder(EditJob.Snapshot s) {
        id = s.id();
        request = s.request();
        fingerprint = s.fingerprint();
        createdAt = s.createdAt();
        batch = s.batch();
        destination = s.destination();
        endpoint = s.endpoint();
        state = s.state();
        task = s.task();
        submittingSince = s.submittingSince();
        synchronousCall = s.synchronousCall();
        doubt = s.doubt();
        remoteSubmitTime = s.remoteSubmitTime();
        remoteEndTime = s.remoteEndTime();
        results = s.results();
        usage = s.usage();
        failure = s.failure();
        history = s.history();
        unknownSince = s.unknownSince();
        problem = s.problem();
        updatedAt = s.updatedAt();
        version = s.version();
    }

    public SnapshotBuilder id(JobId v) {
        id = v;
        return this;
    }

    /** The request and, unless set otherwise, its fingerprint. */
    public SnapshotBuilder request(EditRequest v) {
        request = v;
        if (fingerprint == null && v != null) {
            fingerprint = v.fingerprint();
        }
        return this;
    }

    /** The fingerprint the job was journaled with (a journal keeps it: today's rules may fingerprint anew). */
    public SnapshotBuilder fingerprint(String v) {
        fingerprint = v;
        return this;
    }

    public SnapshotBuilder createdAt(Instant v) {
        createdAt = v;
        return this;
    }

    public SnapshotBuilder batch(Optional<BatchRef> v) {
        batch = v;
        return this;
    }

    public SnapshotBuilder destination(Optional<String> v) {
        destination = v;
        return this;
    }

    public SnapshotBuilder endpoint(Optional<String> v) {
        endpoint = v;
        return this;
    }

    public SnapshotBuilder state(JobState v) {
        state = v;
        return this;
    }

    public SnapshotBuilder task(Optional<RemoteTaskRef> v) {
        task = v;
        return this;
    }

    public SnapshotBuilder submittingSince(Optional<Instant> v) {
        submittingSince = v;
        return this;
    }

    public SnapshotBuilder synchronousCall(boolean v) {
        synchronousCall = v;
        return this;
    }

    public SnapshotBuilder doubt(Optional<CreateDoubt> v) {
        doubt = v;
        return this;
    }

    public SnapshotBuilder remoteSubmitTime(Optional<Instant> v) {
        remoteSubmitTime = v;
        return this;
    }

    public SnapshotBuilder remoteEndTime(Optional<Instant> v) {
        remoteEndTime = v;
        return this;
    }

    public SnapshotBuilder results(List<ResultImage> v) {
        results = v;
        return this;
    }

    public SnapshotBuilder usage(Optional<Usage> v) {
        usage = v;
        return this;
    }

    public SnapshotBuilder failure(Optional<JobFailure> v) {
        failure = v;
        return this;
    }

    public SnapshotBuilder history(List<JobEvent> v) {
        history = v;
        return this;
    }

    public SnapshotBuilder unknownSince(Optional<Instant> v) {
        unknownSince = v;
        return this;
    }

    public SnapshotBuilder problem(Optional<JobProblem> v) {
        problem = v;
        return this;
    }

    public SnapshotBuilder updatedAt(Instant v) {
        updatedAt = v;
        return this;
    }

    public SnapshotBuilder version(long v) {
        version = v;
        return this;
    }

    public EditJob.Snapshot build() {
        return new EditJob.Snapshot(id, request, fingerprint, createdAt, batch, destination, endpoint, state, task,
                submittingSince, synchronousCall, doubt, remoteSubmitTime, remoteEndTime, results, usage, failure, history,
                unknownSince, problem, updatedAt, version);
    }
}
