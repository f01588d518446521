package dev.wanedit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One task. Its state is a pure function of the emulator clock: PENDING until {@code submitted +
 * queue}, RUNNING until {@code + run}, then SUCCEEDED or FAILED; CANCELED once cancelled while
 * PENDING. Nothing runs in the background.
 */
final class Task {
    enum Status { PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED }

    /**
     * What injected faults decided about the task at create time.
     *
     * @param failure the failure outcome (whole task or some images), or null
     * @param unknownQueries how many of its first queries answer UNKNOWN
     * @param listLag how long after creation it is missing from the task list, or null
     * @param expireAfter how long after creation it expires (instead of the retention), or null
     * @param rules the ids of the rules that decided these
     */
    record Outcomes(Fault failure, int unknownQueries, Duration listLag, Duration expireAfter, List<String> rules) {
        static final Outcomes NONE = new Outcomes(null, 0, null, null, List.of());

        static Outcomes of(List<Faults.Rule> fired) {
            Fault failure = null;
            int unknown = 0;
            Duration lag = null;
            Duration expire = null;
            for (Faults.Rule r : fired) {
                Fault f = r.fault();
                switch (f.slot()) {
                    case FAILURE:
                        failure = f;
                        break;
                    case UNKNOWN:
                        unknown = f.queries();
                        break;
                    case LIST_LAG:
                        lag = f.duration();
                        break;
                    case EXPIRE:
                        expire = f.duration();
                        break;
                    default:
                        break;
                }
            }
            return new Outcomes(failure, unknown, lag, expire, fired.stream().map(Faults.Rule::id).toList());
        }
    }

    final String id;
    final String requestId;
    final String apiKey;
    final Endpoint endpoint;
    final TaskSpec spec;
    final int requestedN;
    final Instant submitted;
    final Duration queue;
    final Duration run;
    final Fault outcome;
    final Outcomes outcomes;
    final boolean sync;
    private final Duration retention;
    private Instant canceledAt;
    private int unknownLeft;

    Task(String id, String requestId, String apiKey, Endpoint endpoint, TaskSpec spec, int requestedN, Instant submitted,
            Duration queue, Duration run, Outcomes outcomes, boolean sync, Duration retention) {
        this.id = id;
        this.requestId = requestId;
        this.apiKey = apiKey;
        this.endpoint = endpoint;
        this.spec = spec;
        this.requestedN = requestedN;
        this.submitted = submitted;
        this.queue = queue;
        this.run = run;
        this.outcomes = outcomes;
        this.outcome = outcomes.failure();
        this.sync = sync;
        this.retention = retention;
        this.unknownLeft = outcomes.unknownQueries();
    }

    TaskSpec spec() {
        return spec;
    }

    Instant scheduledAt() {
        return submitted.plus(queue);
    }

    Instant endAt() {
        return canceledAt != null ? canceledAt : scheduledAt().plus(run);
    }

    /** When task queries start answering UNKNOWN and the task leaves the list: 24 h after submission, or an injected expiry. */
    Instant expiresAt() {
        Instant normal = submitted.plus(retention);
        if (outcomes.expireAfter() == null) {
            return normal;
        }
        Instant injected = submitted.plus(outcomes.expireAfter());
        return injected.isBefore(normal) ? injected : normal;
    }

    /** When its result URLs die: 24 h after the end, or an injected expiry. */
    Instant resultsExpireAt() {
        Instant normal = endAt().plus(retention);
        if (outcomes.expireAfter() == null) {
            return normal;
        }
        Instant injected = submitted.plus(outcomes.expireAfter());
        return injected.isBefore(normal) ? injected : normal;
    }

    /** From when {@code GET /tasks} shows it. */
    Instant listedFrom() {
        return outcomes.listLag() == null ? submitted : submitted.plus(outcomes.listLag());
    }

    /** Whether this query is one of the injected UNKNOWN answers (and counts it). */
    synchronized boolean takeUnknownAnswer() {
        if (unknownLeft > 0) {
            unknownLeft--;
            return true;
        }
        return false;
    }

    synchronized Status status(Instant now) {
        if (canceledAt != null) {
            return Status.CANCELED;
        }
        if (now.isBefore(scheduledAt())) {
            return Status.PENDING;
        }
        if (now.isBefore(endAt())) {
            return Status.RUNNING;
        }
        return succeededCount() > 0 ? Status.SUCCEEDED : Status.FAILED;
    }

    synchronized void cancel(Instant at) {
        canceledAt = at;
    }

    synchronized boolean isCanceled() {
        return canceledAt != null;
    }

    boolean isActive(Instant now) {
        Status s = status(now);
        return s == Status.PENDING || s == Status.RUNNING;
    }

    /** Whether image {@code i} fails (an injected per-image failure, or the whole task failing). */
    boolean imageFails(int i) {
        if (outcome == null) {
            return false;
        }
        if (outcome.kind() == Fault.Kind.TASK_FAILED) {
            return true;
        }
        Set<Integer> failing = outcome.indices();
        return failing.contains(i);
    }

    int succeededCount() {
        int ok = 0;
        for (int i = 0; i < spec.count(); i++) {
            if (!imageFails(i)) {
                ok++;
            }
        }
        return ok;
    }

    /** The FAILED code: the injected one, or the per-image code when every image failed. */
    String failureCode() {
        return outcome == null ? "InternalError" : outcome.code();
    }

    String failureMessage() {
        return outcome == null ? "" : outcome.message();
    }
}
