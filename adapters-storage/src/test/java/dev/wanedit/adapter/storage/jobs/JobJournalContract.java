package dev.wanedit.adapter.storage.jobs;

import static dev.wanedit.adapter.storage.testing.Jobs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository.Insertion;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.application.port.out.SharedLimits.Permit;
import dev.wanedit.application.port.out.TaskHistory;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a journal shared by several processes ({@link JobJournal}: atomic insert-or-reuse,
 * leases, shared limits), run against SQLite and PostgreSQL. Each "process" is a journal instance
 * of its own (its own connections and owner id); the race cases run them on threads at once.
 * Time passes only through {@link #elapse}, never by sleeping.
 */
abstract class JobJournalContract {

    static final Duration LEASE = Duration.ofSeconds(30);
    private final List<JobJournal> opened = Collections.synchronizedList(new ArrayList<>());

    /** Another process on the same (empty at first) journal. */
    protected abstract JobJournal newProcess(LeaseSettings leases, OwnerIdentity identity);

    /** Moves the journal's timeline forward (a clock for SQLite, the stored times for the server-clocked PostgreSQL). */
    protected abstract void elapse(Duration d);

    protected JobJournal process() {
        return open(newProcess(TestJournals.frozen(LEASE), OwnerIdentity.current()));
    }

    /** A process whose heartbeat is not kept by a thread (it renews only when it works or beats by hand). */
    protected JdbcJournal frozenProcess(OwnerIdentity identity) {
        return (JdbcJournal) open(newProcess(TestJournals.frozen(LEASE), identity));
    }

    private JobJournal open(JobJournal j) {
        opened.add(j);
        return j;
    }

    @AfterEach
    void closeProcesses() {
        opened.forEach(JobJournal::close);
    }

    // ---- TaskHistory ----

    @Test
    void ended_returnsTheSucceededTasksOfTheKindNewestFirst_withTheRunningStartWhereRecorded() {
        JobJournal a = process();
        List<EditJob> wan25 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EditJob j = Jobs.succeeded(Requests.wan25("take " + i), T0.plusSeconds(100L * i), 1);
            a.insert(j);
            wan25.add(j);
        }
        a.insert(Jobs.rejected(Requests.wan25("refused"), T0.plusSeconds(400)));
        a.insert(Jobs.succeeded(Requests.wanx21Mask(), T0.plusSeconds(500), 1));
        Instant running = wan25.get(1).remoteEndTime().orElseThrow().minusSeconds(12);
        process().scheduled(wan25.get(1).id(), running); // another process learns it; the journal keeps it

        TaskHistory.Kind kind = TaskHistory.Kind.of(wan25.get(0));
        List<TaskHistory.Timing> ended = a.ended(kind, 10);

        assertThat(ended).extracting(TaskHistory.Timing::ended)
                .containsExactly(wan25.get(2).remoteEndTime().get(), wan25.get(1).remoteEndTime().get(),
                        wan25.get(0).remoteEndTime().get());
        assertThat(ended).extracting(TaskHistory.Timing::total).containsOnly(Duration.ofSeconds(30));
        assertThat(ended.get(1).running()).contains(Duration.ofSeconds(12));
        assertThat(ended.get(0).running()).isEmpty();
        assertThat(a.ended(kind, 2)).hasSize(2);
        assertThat(a.ended(new TaskHistory.Kind(kind.model(), kind.region(), kind.size(), kind.n() + 1), 10)).isEmpty();
        assertThat(a.ended(new TaskHistory.Kind(kind.model(), "ap-southeast-1-not-a-region", kind.size(), kind.n()), 10)).isEmpty();
    }

    // ---- insertOrReuse ----

    @Test
    void insertOrReuse_insertsOnce_leasesTheNewJobToTheInserter_andAnotherProcessReusesIt() {
        JobJournal a = process();
        JobJournal b = process();
        EditJob first = Jobs.inBatch(Requests.wan25("line seven"), T0, "batch-1", "7");

        Insertion inserted = a.insertOrReuse(first, false);
        Insertion reused = b.insertOrReuse(Jobs.inBatch(Requests.wan25("line seven"), T0.plusSeconds(1), "batch-1", "7"), false);

        assertThat(inserted.inserted()).isTrue();
        assertThat(first.version()).isEqualTo(1);
        assertThat(reused.inserted()).isFalse();
        assertThat(reused.job().id()).isEqualTo(first.id());
        Map<JobId, LeaseOwner> holders = b.holders(List.of(first.id()));
        assertThat(holders.get(first.id()).id()).isEqualTo(a.self().id());
        assertThat(b.acquire(first.id())).as("leased to the inserter, a live process").isFalse();
    }

    @Test
    void insertOrReuse_keepsTheSingleProcessRules_endpointForceAndFinishedLines() {
        JobJournal j = process();
        EditRequest r = Requests.wan25("same request");
        EditJob unfinished = Jobs.created(r, T0);
        assertThat(j.insertOrReuse(unfinished, false).inserted()).isTrue();

        assertThat(j.insertOrReuse(Jobs.created(r, T0.plusSeconds(1)), false).job().id())
                .as("an unfinished twin is the request's job").isEqualTo(unfinished.id());
        EditJob forced = Jobs.created(r, T0.plusSeconds(2));
        assertThat(j.insertOrReuse(forced, true).inserted()).as("force sends again").isTrue();

        EditJob elsewhere = EditJob.create(Jobs.id(T0.plusSeconds(3)), r, T0.plusSeconds(3), Optional.empty(), Optional.empty(),
                Optional.of("http://127.0.0.1:8089/api/v1"));
        assertThat(j.insertOrReuse(elsewhere, false).inserted()).as("a twin meant for another endpoint is another request").isTrue();

        EditJob done = Jobs.rejected(Requests.wanx21Doodle(), T0);
        EditJob line = EditJob.restore(withBatch(done.snapshot(), "b", "1"));
        j.insert(line);
        EditJob again = Jobs.inBatch(Requests.wanx21Doodle(), T0.plusSeconds(5), "b", "1");
        assertThat(j.insertOrReuse(again, false).job().id()).as("a finished batch line is kept without force").isEqualTo(line.id());
        assertThat(j.insertOrReuse(again, true).inserted()).as("a finished batch line is sent again with force").isTrue();
    }

    private static EditJob.Snapshot withBatch(EditJob.Snapshot s, String batch, String line) {
        return s.toBuilder().batch(Optional.of(new dev.wanedit.domain.job.BatchRef(batch, line))).version(0).build();
    }

    @Test
    void insertOrReuse_raceOnOneBatchLine_exactlyOneProcessInserts() throws Exception {
        assertOneInserter(i -> Jobs.inBatch(Requests.wan25("raced line"), T0.plusMillis(i), "race", "42"));
    }

    @Test
    void insertOrReuse_raceOnOneFingerprint_exactlyOneProcessInserts() throws Exception {
        assertOneInserter(i -> Jobs.created(Requests.wan25("raced fingerprint"), T0.plusMillis(i)));
    }

    private void assertOneInserter(java.util.function.IntFunction<EditJob> jobOf) throws Exception {
        int n = 6;
        List<JobJournal> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            processes.add(process());
            processes.get(i).find(Jobs.id(T0)); // connected and migrated before the race
        }
        List<Insertion> results = race(n, i -> processes.get(i).insertOrReuse(jobOf.apply(i), false));

        assertThat(results.stream().filter(Insertion::inserted)).hasSize(1);
        assertThat(results.stream().map(x -> x.job().id()).distinct()).hasSize(1);
        assertThat(processes.get(0).list(JobQuery.all())).hasSize(1);
    }

    // ---- leases ----

    @Test
    void acquire_skipsALiveOwner_andReleaseHandsTheJobOver() {
        JobJournal a = process();
        JobJournal b = process();
        EditJob job = inserted(a);

        assertThat(a.acquire(job.id())).isTrue();
        assertThat(a.acquire(job.id())).as("the holder keeps it").isTrue();
        assertThat(b.acquire(job.id())).isFalse();
        b.release(job.id());
        assertThat(b.acquire(job.id())).as("release by a non-holder does nothing").isFalse();
        a.release(job.id());
        assertThat(b.acquire(job.id())).isTrue();
        assertThat(a.holders(List.of(job.id())).get(job.id()).id()).isEqualTo(b.self().id());
    }

    @Test
    void acquire_ofAJobNotInTheJournal_isRefused() {
        assertThatThrownBy(() -> process().acquire(Jobs.id(T0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not in the journal");
    }

    @Test
    void aLeaseWhoseOwnerStoppedHeartbeating_isTakenOverOnceItExpires() {
        JdbcJournal frozen = frozenProcess(OwnerIdentity.current().inOtherScope());
        JobJournal b = process();
        EditJob job = inserted(b);
        b.release(job.id());
        assertThat(frozen.acquire(job.id())).isTrue();

        elapse(LEASE.minusSeconds(1));
        assertThat(b.acquire(job.id())).as("the lease still runs").isFalse();
        elapse(Duration.ofSeconds(2));
        assertThat(b.holders(List.of(job.id()))).as("an expired owner holds nothing").isEmpty();
        assertThat(b.acquire(job.id())).isTrue();
        assertThat(frozen.acquire(job.id())).as("the old owner, back, finds it taken").isFalse();
    }

    @Test
    void theHeartbeat_keepsTheLeasesAlive() {
        JdbcJournal a = frozenProcess(OwnerIdentity.current().inOtherScope());
        JobJournal b = process();
        EditJob job = inserted(b);
        b.release(job.id());
        assertThat(a.acquire(job.id())).isTrue();
        for (int i = 0; i < 4; i++) {
            elapse(LEASE.multipliedBy(2).dividedBy(3));
            a.beat();
        }
        assertThat(b.acquire(job.id())).as("renewed every two thirds of the lease").isFalse();
        assertThat(b.holders(List.of(job.id())).get(job.id()).expiresAt()).isAfter(a.holders(List.of(job.id())).get(job.id()).startedAt());
    }

    @Test
    void anOwnerOnThisMachineWhosePidIsGone_isDeadAtOnce() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        JdbcJournal gone = frozenProcess(OwnerIdentity.current().asProcess(p.pid(), Optional.empty()));
        JobJournal b = process();
        EditJob job = inserted(b);
        b.release(job.id());
        assertThat(gone.acquire(job.id())).isTrue();

        assertThat(b.holders(List.of(job.id()))).as("no live holder").isEmpty();
        assertThat(b.acquire(job.id())).as("taken over without waiting for the lease").isTrue();
    }

    @Test
    void anOwnerWhosePidWasReusedByAnotherProcess_isDeadAtOnce() {
        ProcessHandle me = ProcessHandle.current();
        Instant otherStart = me.info().startInstant().orElseThrow().minus(Duration.ofHours(1));
        JdbcJournal reused = frozenProcess(OwnerIdentity.current().asProcess(me.pid(), Optional.of(otherStart)));
        JobJournal b = process();
        EditJob job = inserted(b);
        b.release(job.id());
        assertThat(reused.acquire(job.id())).isTrue();

        assertThat(b.acquire(job.id())).as("the pid now belongs to a process that started at another time").isTrue();
    }

    @Test
    void anOwnerOnAnotherMachine_withAPidThatIsNotAliveHere_staysLiveUntilItsLeaseExpires() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        JdbcJournal remote = frozenProcess(OwnerIdentity.current().inOtherScope().asProcess(p.pid(), Optional.empty()));
        JobJournal b = process();
        EditJob job = inserted(b);
        b.release(job.id());
        assertThat(remote.acquire(job.id())).isTrue();

        assertThat(b.acquire(job.id())).as("a pid of another machine says nothing here").isFalse();
        elapse(LEASE.plusSeconds(1));
        assertThat(b.acquire(job.id())).isTrue();
    }

    @Test
    void holders_namesHostAndPid_ofLiveOwnersOnly() {
        JobJournal a = process();
        EditJob held = inserted(a);
        EditJob free = inserted(a);
        a.release(free.id());

        Map<JobId, LeaseOwner> holders = process().holders(List.of(held.id(), free.id(), Jobs.id(T0)));

        assertThat(holders).containsOnlyKeys(held.id());
        LeaseOwner owner = holders.get(held.id());
        assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(owner.host()).isEqualTo(OwnerIdentity.hostName()).isNotBlank();
        assertThat(owner.describe()).isEqualTo(OwnerIdentity.hostName() + " pid " + ProcessHandle.current().pid());
        assertThat(owner.expiresAt()).isAfter(owner.startedAt());
        assertThat(a.self().id()).isEqualTo(owner.id());
    }

    @Test
    void close_givesTheLeasesBack_atOnce() {
        JobJournal a = open(newProcess(LeaseSettings.DEFAULT, OwnerIdentity.current().inOtherScope()));
        JobJournal b = process();
        EditJob job = inserted(a);
        assertThat(b.acquire(job.id())).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("wanedit-journal-heartbeat");

        a.close();

        assertThat(b.holders(List.of(job.id()))).isEmpty();
        assertThat(b.acquire(job.id())).isTrue();
    }

    @Test
    void claim_handsOutFreeAndExpiredJobsOldestFirst_andSkipsLiveLeases() {
        JobJournal a = process();
        JdbcJournal frozen = frozenProcess(OwnerIdentity.current().inOtherScope());
        List<EditJob> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EditJob j = Jobs.created(Requests.wan25("claim " + i), T0.plusSeconds(i));
            a.insert(j);
            jobs.add(j);
        }
        EditJob finished = Jobs.rejected(Requests.wan25("finished"), T0.minusSeconds(10));
        a.insert(finished);
        assertThat(a.acquire(jobs.get(0).id())).isTrue();
        assertThat(frozen.acquire(jobs.get(1).id())).isTrue();
        JobJournal b = process();

        List<EditJob> first = b.claim(JobQuery.inStates(JobState.unfinished()), 2);
        assertThat(first).extracting(EditJob::id).containsExactly(jobs.get(2).id(), jobs.get(3).id());
        assertThat(b.claim(JobQuery.inStates(JobState.unfinished()), 10)).extracting(EditJob::id).containsExactly(jobs.get(4).id());
        assertThat(b.claim(JobQuery.inStates(JobState.unfinished()), 10)).as("its own jobs are not claimed again").isEmpty();

        elapse(LEASE.plusSeconds(1));
        assertThat(a.acquire(jobs.get(0).id())).as("a process that works renews its heartbeat").isTrue();
        assertThat(b.claim(JobQuery.inStates(JobState.unfinished()), 10)).as("the frozen owner's job, once its lease expired")
                .extracting(EditJob::id).containsExactly(jobs.get(1).id());
        assertThat(a.holders(List.of(jobs.get(0).id())).get(jobs.get(0).id()).id())
                .isEqualTo(a.self().id());
    }

    @Test
    void claim_fromSeveralProcessesAtOnce_neverHandsOneJobToTwo() throws Exception {
        JobJournal setup = process();
        int total = 40;
        for (int i = 0; i < total; i++) {
            setup.insert(Jobs.created(Requests.wan25("shared work " + i), T0.plusMillis(i)));
        }
        int n = 5;
        List<JobJournal> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            processes.add(process());
            processes.get(i).find(Jobs.id(T0));
        }
        List<List<JobId>> claimed = race(n, i -> {
            List<JobId> mine = new ArrayList<>();
            List<EditJob> got;
            while (!(got = processes.get(i).claim(JobQuery.inStates(JobState.unfinished()), 3)).isEmpty()) {
                got.forEach(j -> mine.add(j.id()));
            }
            return mine;
        });

        List<JobId> all = claimed.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
    }

    // ---- shared limits ----

    @Test
    void reserve_fromSeveralProcesses_neverGrantsMoreThanNInAnyWindow() throws Exception {
        int n = 4;
        Duration window = Duration.ofMillis(500);
        List<JobJournal> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            processes.add(process());
            processes.get(i).availableIn("warm-up", 1, window);
        }
        List<List<Permit>> permits = race(n, i -> {
            List<Permit> mine = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                mine.add(processes.get(i).reserve("submit:test:wan2.5", 5, window));
            }
            return mine;
        });

        List<Instant> at = permits.stream().flatMap(List::stream).map(Permit::at).sorted().toList();
        assertThat(at).hasSize(24);
        assertAtMostPerWindow(at, 5, window);
        assertThat(permits.stream().flatMap(List::stream)).allMatch(p -> !p.delay().isNegative());
        assertThat(Duration.between(at.get(0), at.get(at.size() - 1))).as("24 permits at 5 per window span 4 windows")
                .isGreaterThanOrEqualTo(window.multipliedBy(4));
    }

    static void assertAtMostPerWindow(List<Instant> sorted, int n, Duration window) {
        for (int i = 0; i + n < sorted.size(); i++) {
            assertThat(Duration.between(sorted.get(i), sorted.get(i + n))).as("permits %d and %d", i, i + n)
                    .isGreaterThanOrEqualTo(window);
        }
    }

    @Test
    void reserve_aFullBurstAtOnce_thenTheNextWaitsForTheOldestToBeAWindowOld() {
        JobJournal j = process();
        Duration window = Duration.ofSeconds(1);
        assertThat(j.availableIn("queries", 3, window)).isZero();
        List<Permit> burst = List.of(j.reserve("queries", 3, window), j.reserve("queries", 3, window), j.reserve("queries", 3, window));
        assertThat(burst).allMatch(p -> p.delay().compareTo(Duration.ofMillis(500)) < 0);
        assertThat(j.availableIn("queries", 3, window)).isPositive();

        Permit fourth = j.reserve("queries", 3, window);

        assertThat(fourth.at()).isAfterOrEqualTo(burst.get(0).at().plus(window));
        assertThat(process().availableIn("other bucket", 3, window)).as("buckets are independent").isZero();
    }

    @Test
    void pause_isHonouredByEveryProcess() {
        JobJournal a = process();
        JobJournal b = process();
        Permit before = a.reserve("submit:x", 10, Duration.ofSeconds(1));

        a.pause("submit:x", Duration.ofSeconds(5));
        b.pause("submit:x", Duration.ofSeconds(1)); // a shorter pause never shortens a longer one
        Permit after = b.reserve("submit:x", 10, Duration.ofSeconds(1));

        assertThat(after.at()).isAfterOrEqualTo(before.at().plusSeconds(5));
        assertThat(after.delay()).isGreaterThan(Duration.ofSeconds(3));
        assertThat(b.availableIn("submit:x", 10, Duration.ofSeconds(1))).isPositive();
        elapse(Duration.ofSeconds(6));
        assertThat(b.availableIn("submit:x", 10, Duration.ofSeconds(1))).isZero();
    }

    @Test
    void slots_fromSeveralProcesses_neverExceedTheLimit() throws Exception {
        int n = 4;
        List<JobJournal> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            processes.add(process());
            processes.get(i).slotsInUse("warm-up");
        }
        List<JobId> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(Jobs.id(T0.plusMillis(i)));
        }
        List<List<JobId>> won = race(n, i -> {
            List<JobId> mine = new ArrayList<>();
            for (int k = i; k < jobs.size(); k += n) {
                if (processes.get(i).tryAcquireSlot("tasks:wan2.5", 3, jobs.get(k), Duration.ofMinutes(5))) {
                    mine.add(jobs.get(k));
                }
            }
            return mine;
        });

        List<JobId> holders = won.stream().flatMap(List::stream).toList();
        assertThat(holders).hasSize(3);
        JobJournal any = processes.get(0);
        assertThat(any.slotsInUse("tasks:wan2.5")).isEqualTo(3);
        assertThat(any.tryAcquireSlot("tasks:wan2.5", 3, holders.get(0), Duration.ofMinutes(5))).as("a holder asking again").isTrue();
        JobId outsider = jobs.stream().filter(j -> !holders.contains(j)).findFirst().orElseThrow();
        assertThat(any.tryAcquireSlot("tasks:wan2.5", 3, outsider, Duration.ofMinutes(5))).isFalse();
        processes.get(1).releaseSlot(holders.get(0));
        assertThat(any.tryAcquireSlot("tasks:wan2.5", 3, outsider, Duration.ofMinutes(5))).isTrue();
        assertThat(any.slotsInUse("tasks:wan2.5")).isEqualTo(3);
        assertThat(any.slotsInUse("tasks:wan2.7")).isZero();
    }

    @Test
    void slots_expireUnlessRenewed() {
        JobJournal a = process();
        JobId kept = Jobs.id(T0);
        JobId abandoned = Jobs.id(T0.plusMillis(1));
        assertThat(a.tryAcquireSlot("tasks:m", 2, kept, Duration.ofSeconds(10))).isTrue();
        assertThat(a.tryAcquireSlot("tasks:m", 2, abandoned, Duration.ofSeconds(10))).isTrue();
        assertThat(a.tryAcquireSlot("tasks:m", 2, Jobs.id(T0.plusMillis(2)), Duration.ofSeconds(10))).isFalse();

        elapse(Duration.ofSeconds(6));
        a.renewSlot(kept, Duration.ofSeconds(10));
        elapse(Duration.ofSeconds(6));

        assertThat(a.slotsInUse("tasks:m")).as("the abandoned slot expired, the renewed one lives").isEqualTo(1);
        JobId newcomer = Jobs.id(T0.plusMillis(3));
        assertThat(process().tryAcquireSlot("tasks:m", 2, newcomer, Duration.ofSeconds(10))).isTrue();
        assertThat(a.tryAcquireSlot("tasks:m", 2, abandoned, Duration.ofSeconds(10))).as("its place was taken").isFalse();
        a.renewSlot(abandoned, Duration.ofSeconds(10));
        assertThat(a.slotsInUse("tasks:m")).as("an expired slot is not revived by a renewal").isEqualTo(2);
    }

    // ---- helpers ----

    protected EditJob inserted(JobJournal j) {
        EditJob job = Jobs.created(Requests.wan25("leased " + System.nanoTime()), T0);
        assertThat(j.insertOrReuse(job, false).inserted()).isTrue();
        return job;
    }

    interface Task<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code n} tasks on {@code n} threads released at once; their results in order. */
    static <T> List<T> race(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> c = () -> {
                    go.await();
                    return task.run(index);
                };
                futures.add(pool.submit(c));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static Set<JobId> ids(List<EditJob> jobs) {
        Set<JobId> out = new HashSet<>();
        jobs.forEach(j -> out.add(j.id()));
        return out;
    }
}
