package dev.wanedit.application.service;

import static dev.wanedit.application.service.TaskCandidates.basis;
import static dev.wanedit.application.service.TaskCandidates.isFinal;
import static dev.wanedit.application.service.TaskCandidates.judge;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteTaskSummary;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.TaskPage;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.application.service.TaskCandidates.Candidate;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.CreateDoubt;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobEvent;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Finds out what became of a create call whose outcome is unknown (a job in
 * {@link JobState#OUTCOME_UNKNOWN}, or one left SUBMITTING by a process that ended), before
 * anything is sent again.
 *
 * <h2>Why a window, and how long</h2>
 * The task list may lag behind a create that did reach the service (protocol, "Reconciling a
 * create …": UNCONFIRMED how soon a task appears), so one empty look right after a lost answer
 * proves nothing. The list is searched again and again with back-off (about 1, 2, 4, 8, 16, 30 s
 * after the create) over {@link Policy#window} (2 minutes for the real service, far longer than
 * any list lag seen: the list is a database view of the task table), and only when the task is still
 * absent after that, and after at least {@link Policy#MIN_LOOKS} searches, is the create taken as
 * not created and sent again; the journal records the re-send and why ({@link JobEvent.Kind#RESENT}).
 * A create the service answered with 2xx is never sent again: it is searched for until the service
 * would have dropped it (24 hours) and then given up as FAILED {@code OUTCOME_UNKNOWN}.
 *
 * <h2>Whose task is it</h2>
 * Another client of the same account (a colleague, another service, another journal) creates tasks
 * of the same model in the same minutes, so a task in the list is this job's only on evidence:
 * <ul>
 *   <li>each candidate (same model, created within the clock tolerance of the create, not known to
 *       the journal) is queried; an ended wan2.5/wanx2.1 task repeats the prompt it was sent
 *       ({@code orig_prompt}) and the images asked for ({@code task_metrics.TOTAL});</li>
 *   <li>a candidate whose prompt or image count differs, or that another API key created, is not
 *       this job's;</li>
 *   <li>a candidate whose prompt matches is adopted — if several match, they are paired with this
 *       journal's own creates of the same request in time order, and when there are more matching
 *       tasks than such creates nothing is adopted (ambiguous, candidates named on the job);</li>
 *   <li>a candidate still PENDING or RUNNING repeats nothing yet: the search waits for it to end;</li>
 *   <li>a candidate that succeeded without repeating its prompt (wan2.7, a wanx2.1 task without
 *       prompt extension) cannot be proven to be this job's: it is never adopted on its own and
 *       never ignored — the job stays OUTCOME_UNKNOWN with the candidate named, and is not sent
 *       again (the candidate may be its paid task);</li>
 *   <li>candidates that failed or were cancelled are not billed, so if nothing better turns up they
 *       do not stop a re-send.</li>
 * </ul>
 * Every adoption is recorded on the job ({@link JobEvent.Kind#ADOPTED}) with the evidence.
 *
 * <p>Every list page and candidate query takes a permit of the account's task-query budget.
 */
public final class Reconciler {

    /**
     * How the search runs.
     *
     * @param window how long after the create the task list is searched before an absent task is
     *     taken as not created
     * @param skew tolerance for the clock difference between this machine and the service
     * @param looks the back-off between searches
     * @param maxCandidateQueries at most this many candidates are queried per search (closest in
     *     time to the create first)
     */
    public record Policy(Duration window, Duration skew, Backoff looks, int maxCandidateQueries) {

        /** The fewest searches before a task is taken as absent, however short the window. */
        public static final int MIN_LOOKS = 3;

        public static final Policy STANDARD = new Policy(Duration.ofMinutes(2), Duration.ofMinutes(5),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), 20);

        public Policy {
            if (window == null || window.isNegative() || skew == null || skew.isNegative() || looks == null
                    || maxCandidateQueries < 1) {
                throw new IllegalArgumentException("bad reconciliation policy");
            }
        }

        /** The window and the looks scaled (an emulator's time scale); the clock tolerance stays. */
        public Policy scaled(double factor) {
            return new Policy(Duration.ofMillis(Math.round(window.toMillis() * factor)), skew, looks.scaled(factor),
                    maxCandidateQueries);
        }
    }

    /** What one search decided. */
    public enum Verdict {
        /** A task was found, taken for the job's and recorded on it. */
        ADOPTED,
        /** Nothing decisive yet; search again at {@link Look#next()}. */
        NOT_YET,
        /** Several tasks could be the job's, or one that cannot be proven; search again at {@link Look#next()}. */
        AMBIGUOUS,
        /** The task list did not show the task over the whole window: the job is CREATED again and may be sent. */
        PROVEN_ABSENT,
        /** Nothing more can be learned; the job ended FAILED ({@code OUTCOME_UNKNOWN}). */
        GAVE_UP,
        /** A synchronous call that may still be waiting for its answer in the process that sent it; left alone. */
        STILL_OPEN
    }

    /** The verdict of a search and when to search next (for NOT_YET and AMBIGUOUS). */
    public record Look(Verdict verdict, Optional<Instant> next) {

        boolean settled() {
            return verdict == Verdict.ADOPTED || verdict == Verdict.PROVEN_ABSENT || verdict == Verdict.GAVE_UP;
        }
    }

    /**
     * The longest a synchronous call can wait for its answer (the service allows about 300 s,
     * protocol §3.4; the adapter's read timeout is the same): a synchronous call journaled as sent
     * less than this long ago may still be answered in the process that sent it.
     */
    public static final Duration SYNC_CALL_LIMIT = Duration.ofMinutes(6);

    /** Final candidate answers seen, by task id; they never change. Bounded. */
    private static final int FINAL_CACHE = 2000;

    private final ImageEditingService editing;
    private final JobRepository jobs;
    private final RateLimiter queries;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Policy policy;
    private final UnsettledCreates creates;
    private final Map<String, TaskSnapshot> finalAnswers = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, TaskSnapshot> eldest) {
                    return size() > FINAL_CACHE;
                }
            });

    public Reconciler(ImageEditingService editing, JobRepository jobs, RateLimiter queries, Clock clock, Sleeper sleeper,
                      RandomGenerator random, Policy policy) {
        this.editing = editing;
        this.jobs = jobs;
        this.creates = new UnsettledCreates(jobs);
        this.queries = queries;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Searches for the job's task until the outcome is settled or {@code until} passes; a job left
     * SUBMITTING by a process that ended is first marked OUTCOME_UNKNOWN. The job is updated in
     * place and in the journal.
     */
    public EditJob settle(EditJob job, Instant until) throws InterruptedException {
        if (job.state() == JobState.SUBMITTING && stranded(job).verdict() != Verdict.NOT_YET) {
            return job;
        }
        while (job.state() == JobState.OUTCOME_UNKNOWN) {
            Look l = look(job);
            if (l.settled() || l.next().isEmpty()) {
                break;
            }
            boolean windowOver = !clock.instant().isBefore(job.doubt().orElseThrow().sentAt().plus(policy.window()));
            if (l.verdict() == Verdict.AMBIGUOUS && windowOver) {
                break; // nothing more will tell the candidates apart soon: left OUTCOME_UNKNOWN, candidates named
            }
            Instant now = clock.instant();
            Instant next = l.next().get();
            if (next.isAfter(until)) {
                break;
            }
            if (next.isAfter(now)) {
                sleeper.sleep(Duration.between(now, next));
            }
        }
        return job;
    }

    /**
     * A job found SUBMITTING that is not being sent by this process: its sender ended before the
     * answer was journaled. An asynchronous create becomes OUTCOME_UNKNOWN ({@code INTERRUPTED},
     * verdict NOT_YET: search now); a synchronous call is left alone while it may still be answered
     * (STILL_OPEN) and given up after (GAVE_UP).
     */
    public Look stranded(EditJob job) {
        if (job.state() != JobState.SUBMITTING) {
            throw new IllegalArgumentException("job " + job.id() + " is " + job.state() + ", not SUBMITTING");
        }
        Instant now = clock.instant();
        Instant sent = job.submittingSince().orElse(job.createdAt());
        if (creates.isSending(job.id())) {
            return new Look(Verdict.STILL_OPEN, Optional.empty());
        }
        if (job.isSynchronousCall()) { // a synchronous call leaves nothing in the task list to find
            if (now.isBefore(sent.plus(SYNC_CALL_LIMIT))) {
                return new Look(Verdict.STILL_OPEN, Optional.of(sent.plus(SYNC_CALL_LIMIT)));
            }
            job.synchronousOutcomeUnknown(now);
            jobs.update(job);
            return new Look(Verdict.GAVE_UP, Optional.empty());
        }
        job.createOutcomeUnknown(CreateDoubt.Cause.INTERRUPTED,
                "the process sending the create ended before its answer was journaled", now);
        jobs.update(job);
        return new Look(Verdict.NOT_YET, Optional.of(now));
    }

    /**
     * When an OUTCOME_UNKNOWN job's task list should be searched next: a back-off after the last
     * search (or the create), and once exactly at the end of the window, where an absent task is
     * decided.
     */
    public Instant nextLook(EditJob job) {
        CreateDoubt d = job.doubt().orElseThrow(() -> new IllegalArgumentException("job " + job.id() + " has no doubt"));
        Instant last = d.lastLook().orElse(d.sentAt());
        Instant next = last.plus(policy.looks().delay(d.looks() + 1, Optional.empty(), random));
        Instant windowEnd = d.sentAt().plus(policy.window());
        if (last.isBefore(windowEnd) && next.isAfter(windowEnd)) {
            next = windowEnd; // the decisive search at the end of the window
        }
        return next;
    }

    /** One search of the task list for an OUTCOME_UNKNOWN job; the verdict is journaled on the job. */
    public Look look(EditJob job) throws InterruptedException {
        if (job.state() != JobState.OUTCOME_UNKNOWN) {
            throw new IllegalArgumentException("job " + job.id() + " is " + job.state() + ", not OUTCOME_UNKNOWN");
        }
        CreateDoubt doubt = job.doubt().orElseThrow();
        Instant sent = doubt.sentAt();
        Instant windowEnd = sent.plus(policy.window());
        Instant retention = sent.plus(ModelCatalog.RESULT_RETENTION);
        Evidence ev;
        try {
            ev = search(job, doubt);
        } catch (RemoteServiceException.Unauthorized e) {
            throw e;
        } catch (RemoteServiceException e) { // the list or a query failed: nothing learned, look again later
            Instant now = clock.instant();
            job.searched(doubt.candidates(), now);
            jobs.update(job);
            Instant next = nextLook(job);
            Instant asked = now.plus(e.retryAfter().orElse(Duration.ZERO));
            return new Look(Verdict.NOT_YET, Optional.of(asked.isAfter(next) ? asked : next));
        }
        Instant now = clock.instant();
        if (ev.adopt.isPresent()) {
            Candidate c = ev.adopt.get();
            job.adopt(new RemoteTaskRef(c.summary().taskId(), job.request().region(), job.endpoint()), c.answer(), ev.basis, now);
            jobs.update(job);
            return new Look(Verdict.ADOPTED, Optional.empty());
        }
        boolean windowOver = !now.isBefore(windowEnd) && doubt.looks() + 1 >= Policy.MIN_LOOKS;
        if (ev.ambiguous.isEmpty() && ev.pending.isEmpty() && windowOver && !doubt.taken()) {
            job.searched(List.of(), now);
            job.provenNotCreated(policy.window(), now);
            jobs.update(job);
            return new Look(Verdict.PROVEN_ABSENT, Optional.empty());
        }
        if (!now.isBefore(retention)) {
            job.searched(ev.ambiguous, now);
            job.giveUpSearch(ev.ambiguous.isEmpty()
                    ? "the service answered the create (" + doubt.detail() + ") but its task never appeared in the task list "
                            + "within the 24 hours it keeps tasks; it may have been billed"
                    : "tasks " + String.join(", ", ev.ambiguous) + " could each be this job's and none could be proven to be; "
                            + "one of them may have been billed for it", now);
            jobs.update(job);
            return new Look(Verdict.GAVE_UP, Optional.empty());
        }
        job.searched(ev.ambiguous, now);
        jobs.update(job);
        return new Look(ev.ambiguous.isEmpty() ? Verdict.NOT_YET : Verdict.AMBIGUOUS, Optional.of(nextLook(job)));
    }

    /** What one search found. */
    private static final class Evidence {
        Optional<Candidate> adopt = Optional.empty();
        String basis = "";
        /** Candidates still running: they repeat their request only once ended. */
        final List<String> pending = new ArrayList<>();
        /** Candidates that could each be the job's but cannot be told apart or proven. */
        List<String> ambiguous = List.of();
    }

    private Evidence search(EditJob job, CreateDoubt doubt) throws InterruptedException {
        Instant sent = doubt.sentAt();
        Instant now = clock.instant();
        Instant from = sent.minus(policy.skew());
        Instant to = (now.isAfter(sent) ? now : sent).plus(policy.skew());
        if (to.isAfter(from.plus(TaskSearch.MAX_WINDOW))) {
            to = from.plus(TaskSearch.MAX_WINDOW);
        }
        String model = job.request().model().id();
        List<RemoteTaskSummary> listed = listAll(new TaskSearch(job.request().region(), job.endpoint(), model, from, to));
        Set<String> ourKeys = new HashSet<>();
        List<RemoteTaskSummary> unknownToJournal = new ArrayList<>();
        for (RemoteTaskSummary t : listed) {
            if (t.model() != null && !t.model().isEmpty() && !t.model().equals(model)) {
                continue;
            }
            if (jobs.findByTaskId(t.taskId()).isPresent()) {
                t.apiKeyId().ifPresent(ourKeys::add);
            } else if (!t.createdAt().isAfter(sent.plus(policy.skew()))) {
                unknownToJournal.add(t);
            }
        }
        unknownToJournal.sort(Comparator.comparing((RemoteTaskSummary t) -> Duration.between(sent, t.createdAt()).abs())
                .thenComparing(RemoteTaskSummary::taskId));
        Evidence ev = new Evidence();
        List<Candidate> strong = new ArrayList<>();
        List<String> unproven = new ArrayList<>();
        int queried = 0;
        for (RemoteTaskSummary t : unknownToJournal) {
            if (!ourKeys.isEmpty() && t.apiKeyId().isPresent() && !ourKeys.contains(t.apiKeyId().get())) {
                continue; // created with another API key
            }
            if (queried >= policy.maxCandidateQueries()) {
                unproven.add(t.taskId()); // not looked at this time: it may be the job's
                continue;
            }
            TaskSnapshot answer = finalAnswers.get(t.taskId());
            if (answer == null) {
                answer = Permits.call(queries, sleeper, () -> editing.fetch(new RemoteTaskRef(t.taskId(),
                        job.request().region(), job.endpoint())));
                queried++;
                if (isFinal(answer.status())) {
                    finalAnswers.put(t.taskId(), answer);
                }
            }
            switch (judge(job, answer)) {
                case MATCH -> strong.add(new Candidate(t, answer));
                case OTHER -> { }
                case NOT_ENDED -> ev.pending.add(t.taskId());
                case UNPROVEN_BILLED -> {
                    unproven.add(t.taskId());
                    finalAnswers.putIfAbsent(t.taskId(), answer);
                }
                case UNPROVEN_UNBILLED -> { } // failed or cancelled: not billed, so it never stops a re-send
            }
        }
        if (strong.size() == 1) {
            ev.adopt = Optional.of(strong.get(0));
            ev.basis = basis(strong.get(0), 1);
            return ev;
        }
        if (strong.size() > 1) {
            // Several tasks repeat this request: this journal's own creates of the same request take
            // them in time order; with more such tasks than own creates they cannot be told apart.
            List<EditJob> twins = creates.sameRequest(job);
            int attempts = twins.size() + (int) job.history().stream().filter(e -> e.kind() == JobEvent.Kind.RESENT).count();
            int rank = twins.indexOf(twins.stream().filter(j -> j.id().equals(job.id())).findFirst().orElse(job));
            strong.sort(Comparator.comparing((Candidate c) -> c.summary().createdAt()).thenComparing(c -> c.summary().taskId()));
            if (strong.size() <= attempts && rank >= 0 && rank < strong.size()) {
                ev.adopt = Optional.of(strong.get(rank));
                ev.basis = basis(strong.get(rank), strong.size());
                return ev;
            }
            ev.ambiguous = strong.stream().map(c -> c.summary().taskId()).toList();
            return ev;
        }
        if (unproven.size() == 1 && ev.pending.isEmpty() && unknownToJournal.size() == 1 && creates.like(job).size() <= 1) {
            // One task of this model in the whole window, none of this journal's other creates in
            // doubt, and an answer that repeats no prompt (wan2.7; wanx2.1 without prompt extension):
            // it matches on everything the service returns about the request, and nothing else could be it.
            TaskSnapshot answer = finalAnswers.get(unproven.get(0));
            RemoteTaskSummary only = unknownToJournal.get(0);
            if (answer != null) {
                ev.adopt = Optional.of(new Candidate(only, answer));
                ev.basis = "found in the task list after the create's answer was lost; the only task of model " + model
                        + " created within " + policy.skew().toMinutes() + " min of the create (" + only.createdAt() + ")"
                        + answer.echo().imagesRequested().stream().mapToObj(n -> ", asking for " + n + " images")
                                .findFirst().orElse("")
                        + "; its answer does not repeat the prompt, so the prompt could not be compared";
                return ev;
            }
        }
        ev.ambiguous = List.copyOf(unproven);
        return ev;
    }

    /** Every page of a task-list search, each page under the task-query budget. */
    private List<RemoteTaskSummary> listAll(TaskSearch search) throws InterruptedException {
        List<RemoteTaskSummary> all = new ArrayList<>();
        for (int page = 1; page <= 200; page++) {
            int p = page;
            TaskPage reply = Permits.call(queries, sleeper, () -> editing.listTaskPage(search, p));
            all.addAll(reply.tasks());
            if (!reply.hasNext()) {
                break;
            }
        }
        return all;
    }

    /** Marks a job's create call as on its way from this process (until {@link #sent}). */
    void sending(EditJob job) {
        creates.sending(job);
    }

    /** The create call of a job has been answered (or failed) and its outcome journaled. */
    void sent(EditJob job) {
        creates.sent(job);
    }

    /** True while this process is sending the job's create. */
    boolean isSending(JobId id) {
        return creates.isSending(id);
    }
}
