package dev.wanedit.benchmarks;

import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * The benchmark harness (issue 8). Runs every section against in-process emulators, prints the
 * table and writes {@code benchmarks/target/results.json}. Usage:
 * {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--only 1,3,...] [--wanedit-jar PATH] [--launcher PATH] [--out FILE]}.
 */
public final class BenchmarkMain {

    static final String WAN25 = "wan2.5-i2i-preview";
    static final String WANX21 = "wanx2.1-imageedit";

    private final Report report = new Report();
    private final Path work;
    private final boolean quick;
    private final Path waneditJar;
    /** The launcher script section 8 runs; null: {@code wanedit} at the root of the jar's repository. */
    private Path launcher;
    private final Random random = new Random(8);

    private BenchmarkMain(Path work, boolean quick, Path waneditJar) {
        this.work = work;
        this.quick = quick;
        this.waneditJar = waneditJar;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String only = "1,2,3,4,5,6,7,8,9";
        Path jar = Path.of("bootstrap/target/wanedit.jar");
        Path launcher = null; // the repository's ./wanedit, found from the jar
        Path out = Path.of("benchmarks/target/results.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = args[++i];
                case "--wanedit-jar" -> jar = Path.of(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.setProperty("java.awt.headless", "true");
        Path work = Files.createTempDirectory("wanedit-bench-");
        BenchmarkMain b = new BenchmarkMain(work, quick, jar);
        b.launcher = launcher;
        b.environment();
        List<String> sections = List.of(only.split(","));
        long t0 = System.nanoTime();
        if (sections.contains("1") || sections.contains("2")) {
            b.guarded("latency", b::latency);
        }
        if (sections.contains("3")) {
            b.guarded("inFlight", b::inFlight);
        }
        if (sections.contains("4")) {
            b.guarded("batchThroughput", b::batchThroughput);
        }
        if (sections.contains("5")) {
            b.guarded("sharedReference", b::sharedReference);
        }
        if (sections.contains("6")) {
            b.guarded("manifestMemory", b::manifestMemory);
        }
        if (sections.contains("7")) {
            b.guarded("inspection", b::inspection);
        }
        if (sections.contains("8")) {
            b.guarded("startup", b::startup);
        }
        if (sections.contains("9")) {
            b.guarded("processes", () -> new ProcessesBenchmark(b.report, b.work, b.waneditJar, b.quick).run());
        }
        b.report.environment("runSeconds", Math.round((System.nanoTime() - t0) / 1e9));
        b.report.print(System.out);
        b.report.writeJson(out);
        System.out.println("\nwritten " + out.toAbsolutePath());
        System.exit(0);
    }

    private interface Section {
        void run() throws Exception;
    }

    /** Runs a section; a failure is reported and recorded, and the other sections still run. */
    private void guarded(String name, Section section) {
        try {
            section.run();
        } catch (Exception e) {
            System.out.println("  section " + name + " failed: " + e);
            e.printStackTrace(System.out);
            report.detail("failed." + name, String.valueOf(e));
        }
    }

    private void environment() {
        report.environment("date", Instant.now().toString());
        report.environment("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.environment("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        report.environment("cpus", Runtime.getRuntime().availableProcessors());
        report.environment("quick", quick);
        report.environment("dashscopeSdk", com.alibaba.dashscope.aigc.imagesynthesis.ImageSynthesis.class.getPackage().getImplementationVersion());
    }

    // ---------------------------------------------------------------- 1 + 2: result latency, queries per task

    /**
     * Three emulators at the documented speed (time scale 1), each with its own task durations drawn
     * from the documented typical ranges ("about 5 to 15 seconds" for wanx2.1, "30 to 60 s" for
     * wan2.5). On each, the same edits are run by wanedit ({@code edit}: submit + await, one thread
     * per job, as separate CLI invocations would) and by the SDK (asyncCall + wait + download), the
     * submissions interleaved and spread over three seconds. Limits are off so the two do not
     * disturb each other; the query budget is section 3's subject.
     */
    private void latency() throws Exception {
        System.out.println("1-2. result latency and task queries per task (documented durations, time scale 1)");
        int[] wanxSeconds = {6, 10, 14};
        int[] wan25Seconds = {30, 45, 60};
        int perModel = quick ? 2 : 6;
        List<Double> wLat = Collections.synchronizedList(new ArrayList<>());
        List<Double> sLat = Collections.synchronizedList(new ArrayList<>());
        List<Integer> wQueries = new ArrayList<>();
        List<Integer> sQueries = new ArrayList<>();
        Map<String, List<Double>> byModel = new ConcurrentHashMap<>();
        List<DashScopeEmulator> emus = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            List<Lane> lanes = new ArrayList<>();
            for (int i = 0; i < wanxSeconds.length; i++) {
                DashScopeEmulator emu = DashScopeEmulator.builder().limitsEnabled(false).timeScale(1.0)
                        .taskDuration(WANX21, Duration.ofSeconds(wanxSeconds[i]))
                        .taskDuration(WAN25, Duration.ofSeconds(wan25Seconds[i])).journalCapacity(100_000).start();
                emus.add(emu);
                Path home = Files.createDirectories(work.resolve("latency-" + i));
                lanes.add(new Lane(emu, new WaneditClient(emu, home.resolve("wanedit"), 1.0),
                        new SdkClient(emu, Files.createDirectories(home.resolve("sdk"))), home));
            }
            // wanedit's journal first holds a round of earlier edits (what a service that has been editing
            // has): LearnedPollSchedule.MIN_HISTORY tasks per model and lane, not measured; the SDK learns nothing
            List<Future<?>> history = new ArrayList<>();
            for (Lane lane : lanes) {
                Path scene = Images.scene(lane.home.resolve("history.png"), 1024, 768);
                for (String model : List.of(WAN25, WANX21)) {
                    for (int k = 0; k < dev.wanedit.application.policy.LearnedPollSchedule.MIN_HISTORY; k++) {
                        EditRequestDraft cmd = model.equals(WANX21)
                                ? EditRequest.draft(model).prompt("Earlier edit " + k).function("description_edit").image(scene.toString()).n(1)
                                : EditRequest.draft(model).prompt("Earlier edit " + k).image(scene.toString()).n(1);
                        history.add(pool.submit(() -> {
                            lane.wanedit.editAndWait(cmd);
                            return null;
                        }));
                    }
                }
            }
            for (Future<?> f : history) {
                f.get(5, TimeUnit.MINUTES);
            }
            lanes.forEach(lane -> lane.wanedit.storedAt().clear());
            List<Future<?>> jobs = new ArrayList<>();
            List<Runnable> starts = new ArrayList<>();
            for (Lane lane : lanes) {
                Path scene = Images.scene(lane.home.resolve("scene.png"), 1024, 768);
                String url = lane.emu.publish("scene.png", Files.readAllBytes(scene), "image/png").toString();
                for (String model : List.of(WAN25, WANX21)) {
                    for (int k = 0; k < perModel; k++) {
                        String prompt = "Put a brass alarm clock on the shelf, take " + k;
                        boolean wanx = model.equals(WANX21);
                        EditRequestDraft cmd = wanx
                                ? EditRequest.draft(model).prompt(prompt).function("description_edit").image(scene.toString()).n(1)
                                : EditRequest.draft(model).prompt(prompt).image(scene.toString()).n(1);
                        SdkClient.Edit edit = new SdkClient.Edit(model, prompt, url, wanx ? "description_edit" : null);
                        starts.add(() -> jobs.add(pool.submit(() -> {
                            lane.wanedit.editAndWait(cmd);
                            return null;
                        })));
                        starts.add(() -> jobs.add(pool.submit(() -> {
                            String id = lane.sdk.create(edit);
                            lane.sdk.awaitAndDownload(id);
                            return null;
                        })));
                    }
                }
            }
            Collections.shuffle(starts, random);
            long spreadMs = 3000;
            for (Runnable start : starts) {
                start.run();
                Thread.sleep(spreadMs / starts.size());
            }
            for (Future<?> f : jobs) {
                f.get(5, TimeUnit.MINUTES);
            }
            for (Lane lane : lanes) {
                Map<String, EmulatorTasks.Times> times = EmulatorTasks.all(lane.emu);
                collect(lane.wanedit.storedAt(), lane.wanedit.modelOf(), times, lane.emu, wLat, wQueries, byModel, "wanedit");
                collect(lane.sdk.storedAt(), lane.sdk.modelOf(), times, lane.emu, sLat, sQueries, byModel, "sdk");
            }
        } finally {
            pool.shutdownNow();
            emus.forEach(DashScopeEmulator::close);
        }
        String n = wLat.size() + " tasks each, wanx2.1 6/10/14 s + wan2.5 30/45/60 s";
        report.add("1", "result latency, median (task end → image on disk)", "ms", Stats.median(wLat), Stats.median(sLat), n);
        report.add("1", "result latency, p95", "ms", Stats.percentile(wLat, 95), Stats.percentile(sLat, 95), n);
        for (String key : new java.util.TreeSet<>(byModel.keySet())) {
            report.detail("latencyMs." + key, byModel.get(key));
        }
        for (String model : List.of(WANX21, WAN25)) {
            report.add("1", "result latency, median, " + model, "ms", Stats.median(byModel.getOrDefault("wanedit." + model, List.of())),
                    Stats.median(byModel.getOrDefault("sdk." + model, List.of())), "");
        }
        report.add("2", "task queries per task, mean", "requests", Stats.mean(wQueries), Stats.mean(sQueries), "GET /tasks/{id} in the emulator journal");
        report.add("2", "task queries per task, max", "requests", Stats.percentile(wQueries, 100), Stats.percentile(sQueries, 100), "");
    }

    private record Lane(DashScopeEmulator emu, WaneditClient wanedit, SdkClient sdk, Path home) {
    }

    private static void collect(Map<String, Instant> storedAt, Map<String, String> modelOf, Map<String, EmulatorTasks.Times> times,
                                DashScopeEmulator emu,
                                List<Double> latencies, List<Integer> queries, Map<String, List<Double>> byModel, String who) {
        for (Map.Entry<String, Instant> e : storedAt.entrySet()) {
            EmulatorTasks.Times t = times.get(e.getKey());
            if (t == null) {
                continue;
            }
            double ms = Duration.between(t.ended(), e.getValue()).toNanos() / 1e6;
            latencies.add(ms);
            queries.add(emu.journal().taskQueries(e.getKey()));
            String model = modelOf.getOrDefault(e.getKey(), "?");
            byModel.computeIfAbsent(who + "." + model, k -> Collections.synchronizedList(new ArrayList<>())).add(ms);
        }
    }

    // ---------------------------------------------------------------- 3: 500 tasks in flight

    /**
     * 500 wanx2.1 tasks (15 s each, time scale 1) in flight at once, with the account's task-query
     * limit on (20 per second) and the submission and concurrency limits lifted so that all 500 can
     * be in flight. wanedit runs them as one batch (concurrency 500); the SDK as 500 threads of
     * asyncCall + wait + download. Each client has its own emulator.
     */
    private void inFlight() throws Exception {
        int tasks = quick ? 100 : 500;
        System.out.println("3. " + tasks + " tasks in flight (query limit 20/s on)");
        Path scene = Images.scene(work.resolve("inflight.png"), 512, 512);
        long[] wanedit = runInFlight(tasks, scene, true);
        long[] sdk = runInFlight(tasks, scene, false);
        String note = tasks + " wanx2.1 tasks of 15 s, query limit 20/s";
        report.add("3", "task-query requests in the busiest second", "req/s", wanedit[0], sdk[0], note + "; refused ones included");
        report.add("3", "429 answers", "count", wanedit[1], sdk[1], "SDK: wait() throws on 429; the harness retries it after 1 s");
        report.add("3", "task-query requests in all", "requests", wanedit[2], sdk[2], "");
        report.add("3", "time until every image is stored", "s", wanedit[3] / 1000.0, sdk[3] / 1000.0, "");
        report.add("3", "result latency, median, under load", "ms", wanedit[4], sdk[4], "");
    }

    /** @return peak task-query rate, 429s, total queries, wall ms, median latency ms */
    private long[] runInFlight(int tasks, Path scene, boolean wanedit) throws Exception {
        try (DashScopeEmulator emu = DashScopeEmulator.builder().timeScale(1.0).taskDuration(WANX21, Duration.ofSeconds(15))
                .modelLimits(WANX21, 10_000, 10_000).journalCapacity(500_000).start()) {
            Path home = Files.createDirectories(work.resolve("inflight-" + (wanedit ? "wanedit" : "sdk")));
            // each client is built before the clock starts: only the work on the 500 tasks is timed
            WaneditClient w = wanedit ? new WaneditClient(emu, home, 1.0) : null;
            SdkClient sdk = wanedit ? null : new SdkClient(emu, Files.createDirectories(home.resolve("out")));
            long t0 = System.nanoTime();
            Map<String, Instant> storedAt;
            if (wanedit) {
                ManifestSource manifest = () -> IntStream.range(0, tasks).mapToObj(i -> ManifestLine.of(i + 1, "t" + i,
                        EditRequest.draft(WANX21).prompt("Make it snow, take " + i).function("description_edit")
                                .image(scene.toString()).n(1)));
                BatchReport r = w.batch().run(new BatchSpec("inflight", OptionalInt.of(tasks), OptionalDouble.of(200), Optional.empty(),
                        false, false, Duration.ofMinutes(10)), manifest, BatchProgress.Listener.NONE);
                check(r, tasks);
                storedAt = w.storedAt();
            } else {
                String url = emu.publish("inflight.png", Files.readAllBytes(scene), "image/png").toString();
                ExecutorService pool = Executors.newFixedThreadPool(tasks);
                try {
                    List<Future<?>> fs = new ArrayList<>();
                    for (int i = 0; i < tasks; i++) {
                        SdkClient.Edit e = new SdkClient.Edit(WANX21, "Make it snow, take " + i, url, "description_edit");
                        fs.add(pool.submit(() -> {
                            sdk.awaitAndDownload(sdk.create(e));
                            return null;
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get(10, TimeUnit.MINUTES);
                    }
                } finally {
                    pool.shutdownNow();
                }
                storedAt = sdk.storedAt();
            }
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            List<Instant> queries = emu.journal().requests(Endpoint.TASK_QUERY).stream().map(RecordedRequest::at).toList();
            List<Instant> lists = emu.journal().requests(Endpoint.TASK_LIST).stream().map(RecordedRequest::at).toList();
            int throttled = emu.journal().throttled();
            List<Instant> budget = new ArrayList<>(queries);
            budget.addAll(lists);
            Map<String, EmulatorTasks.Times> times = EmulatorTasks.all(emu);
            List<Double> lat = new ArrayList<>();
            storedAt.forEach((id, at) -> Optional.ofNullable(times.get(id))
                    .ifPresent(t -> lat.add(Duration.between(t.ended(), at).toNanos() / 1e6)));
            report.detail("inflight." + (wanedit ? "wanedit" : "sdk") + ".taskListRequests", lists.size());
            // per second from the start: creates, task queries, list pages, images stored (where the budget went)
            Instant start = Instant.now().minusMillis(wallMs);
            List<Instant> creates = emu.journal().requests(Endpoint.IMAGE_SYNTHESIS).stream().map(RecordedRequest::at).toList();
            report.detail("inflight." + (wanedit ? "wanedit" : "sdk") + ".perSecond", Map.of(
                    "creates", perSecond(start, creates), "queries", perSecond(start, queries), "lists", perSecond(start, lists),
                    "stored", perSecond(start, new ArrayList<>(storedAt.values()))));
            return new long[] {Stats.maxInAnySecond(budget), throttled, queries.size() + lists.size(), wallMs, Math.round(Stats.median(lat))};
        }
    }

    /** How many of {@code times} fall in each second from {@code start}. */
    private static List<Integer> perSecond(Instant start, List<Instant> times) {
        List<Integer> counts = new ArrayList<>();
        for (Instant t : times) {
            int s = (int) Math.max(0, Duration.between(start, t).toMillis() / 1000);
            while (counts.size() <= s) {
                counts.add(0);
            }
            counts.set(s, counts.get(s) + 1);
        }
        return counts;
    }

    private static void check(BatchReport r, int expected) {
        long stored = r.countsByState().getOrDefault(JobState.STORED, 0L);
        if (stored != expected) {
            System.out.println("  warning: " + stored + " of " + expected + " jobs stored: " + r.countsByState());
        }
    }

    // ---------------------------------------------------------------- 4: batch throughput at the limit

    /**
     * 200 wan2.5 jobs as one batch under the documented limits (5 submissions per second, 5
     * concurrent tasks, 20 queries per second), time scale 0.02 (a 60 s edit takes 1.2 s). Ideal
     * throughput = limit ÷ mean task duration, with the mean measured on the server (submit to end).
     */
    private void batchThroughput() throws Exception {
        int jobs = quick ? 40 : 200;
        double scale = 0.02;
        System.out.println("4. batch throughput, " + jobs + " wan2.5 jobs at the concurrency limit (5)");
        try (DashScopeEmulator emu = DashScopeEmulator.builder().timeScale(scale).journalCapacity(100_000).start()) {
            Path home = Files.createDirectories(work.resolve("throughput"));
            Path scene = Images.scene(home.resolve("scene.png"), 1024, 768);
            WaneditClient w = new WaneditClient(emu, home, scale);
            ManifestSource manifest = () -> IntStream.range(0, jobs).mapToObj(i -> ManifestLine.of(i + 1, "j" + i,
                    EditRequest.draft(WAN25).prompt("Paint the wall green, take " + i).image(scene.toString()).n(1)));
            long t0 = System.nanoTime();
            Instant started = Instant.now();
            BatchReport r = w.batch().run(new BatchSpec("throughput", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(),
                    false, false, Duration.ofMinutes(10)), manifest, BatchProgress.Listener.NONE);
            double wallS = (System.nanoTime() - t0) / 1e9;
            check(r, jobs);
            Map<String, EmulatorTasks.Times> times = EmulatorTasks.all(emu);
            List<Double> durations = times.values().stream()
                    .map(t -> Duration.between(t.submitted(), t.ended()).toNanos() / 1e9).toList();
            double mean = Stats.mean(durations);
            double ideal = 5 / mean;
            double actual = jobs / wallS;
            report.only("4", "batch throughput", "jobs/s", actual, String.format(Locale.ROOT,
                    "%d jobs in %.1f s; ideal 5 ÷ %.2f s = %.2f jobs/s", jobs, wallS, mean, ideal));
            report.only("4", "batch throughput ÷ ideal", "fraction", actual / ideal, "1.0 = every slot busy all the time");
            report.only("4", "429 answers during the batch", "count", emu.journal().throttled(), String.format(Locale.ROOT,
                    "RateQuota %d, AllocationQuota %d", emu.journal().throttled("Throttling.RateQuota"),
                    emu.journal().throttled("Throttling.AllocationQuota")));
            report.only("4", "fixed cost per job beyond the task itself", "s", 5 * wallS / jobs - mean,
                    "limit × wall ÷ jobs − mean task duration: submit, journal, download, store");
            report.only("4", "task queries per task in the batch", "requests",
                    (double) emu.journal().requests(Endpoint.TASK_QUERY).size() / jobs, "");
            // where a slot stays empty: from a task's end until its result is stored, and until the next submission
            List<Instant> submits = times.values().stream().map(EmulatorTasks.Times::submitted).sorted().toList();
            List<Double> seen = new ArrayList<>();
            List<Double> refill = new ArrayList<>();
            for (Map.Entry<String, EmulatorTasks.Times> t : times.entrySet()) {
                Instant stored = w.storedAt().get(t.getKey());
                if (stored != null) {
                    seen.add(Duration.between(t.getValue().ended(), stored).toNanos() / 1e6);
                }
                submits.stream().filter(x -> x.isAfter(t.getValue().ended())).findFirst()
                        .ifPresent(x -> refill.add(Duration.between(t.getValue().ended(), x).toNanos() / 1e6));
            }
            report.only("4", "task end → image stored, median", "ms", Stats.median(seen), "p95 " + Math.round(Stats.percentile(seen, 95)));
            report.only("4", "task end → next submission, median", "ms", Stats.median(refill),
                    "p95 " + Math.round(Stats.percentile(refill, 95)) + "; the slot's empty time");
            report.only("4", "first submission → last end, ÷ wall", "fraction", Duration.between(submits.get(0),
                    times.values().stream().map(EmulatorTasks.Times::ended).max(Instant::compareTo).orElseThrow()).toNanos() / 1e9 / wallS,
                    "the rest is set-up before the first create and storing after the last end");
            report.only("4", "start → first submission", "ms", Duration.between(started, submits.get(0)).toNanos() / 1e6,
                    "checking every line (pass 1), building the services, opening the journal");
            report.only("4", "last end → batch returns", "ms", Duration.between(times.values().stream()
                    .map(EmulatorTasks.Times::ended).max(Instant::compareTo).orElseThrow(), started.plusNanos(Math.round(wallS * 1e9)))
                    .toNanos() / 1e6, "the last result downloaded and stored");
        }
    }

    // ---------------------------------------------------------------- 5: one large reference shared by N jobs

    /** N wan2.5 jobs that all use one ~6 MB local reference image; bytes the emulator received through uploads. */
    private void sharedReference() throws Exception {
        int n = quick ? 4 : 10;
        System.out.println("5. bytes uploaded for " + n + " jobs sharing one large reference image");
        Path big = Images.write(Images.noise(1400, 1400, 5), "png", work.resolve("reference.png"));
        long size = Files.size(big);
        long wanedit;
        long sdk;
        try (DashScopeEmulator emu = DashScopeEmulator.builder().timeScale(0.02).limitsEnabled(false).start()) {
            WaneditClient w = new WaneditClient(emu, Files.createDirectories(work.resolve("shared-wanedit")), 0.02);
            ManifestSource manifest = () -> IntStream.range(0, n).mapToObj(i -> ManifestLine.of(i + 1, "s" + i,
                    EditRequest.draft(WAN25).prompt("Add a cat, take " + i).image(big.toString()).n(1)));
            check(w.batch().run(new BatchSpec("shared", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                    Duration.ofMinutes(5)), manifest, BatchProgress.Listener.NONE), n);
            wanedit = emu.journal().uploadedBytes();
        }
        try (DashScopeEmulator emu = DashScopeEmulator.builder().timeScale(0.02).limitsEnabled(false).start()) {
            SdkClient s = new SdkClient(emu, Files.createDirectories(work.resolve("shared-sdk")));
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    SdkClient.Edit e = new SdkClient.Edit(WAN25, "Add a cat, take " + i, "file://" + big.toAbsolutePath(), null);
                    fs.add(pool.submit(() -> {
                        s.awaitAndDownload(s.create(e));
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            sdk = emu.journal().uploadedBytes();
        }
        report.add("5", "bytes uploaded, " + n + " jobs, one " + (size / 1_000_000) + " MB reference", "MB", wanedit / 1e6, sdk / 1e6,
                "SDK: file:// image, uploaded by the SDK per call");
    }

    // ---------------------------------------------------------------- 6: memory of a 10 000-line manifest

    /**
     * A child JVM ({@link ManifestChild}, -Xmx64m, the cap of the batch heap test) runs BatchService
     * over a streamed manifest of 10 000 wanx2.1 lines against an emulator in this process (time
     * scale 0, limits lifted) to the end; it reports peak heap (sum of the heap pools' peak usage),
     * the live heap after a full collection at 20% and 90% of the lines, and VmHWM.
     */
    private void manifestMemory() throws Exception {
        int lines = quick ? 1000 : 10_000;
        System.out.println("6. peak heap and RSS for a " + lines + "-line manifest (child JVM)");
        try (DashScopeEmulator emu = DashScopeEmulator.builder().timeScale(0).limitsEnabled(false).journalCapacity(1000).start()) {
            Path home = Files.createDirectories(work.resolve("manifest"));
            Path scene = Images.scene(home.resolve("scene.png"), 512, 512);
            int deadline = 600; // a guard: the run takes about a minute
            Map<String, String> child = runChild(List.of(ManifestChild.class.getName(), emu.baseUrl(), emu.apiKey(),
                    home.toString(), scene.toString(), Integer.toString(lines), Integer.toString(deadline)), "-Xmx64m");
            String note = "child JVM -Xmx64m driving BatchService; " + child.get("stored") + " of " + lines
                    + " lines stored in " + child.get("seconds") + " s";
            report.only("6", "peak heap, " + lines + "-line manifest", "MB", Double.parseDouble(child.get("peakHeapMB")), note);
            report.only("6", "live heap after a full GC at 20% / 90% of the lines", "MB",
                    Double.parseDouble(child.get("liveHeapAt90pctMB")), "at 20%: " + child.get("liveHeapAt20pctMB") + " MB");
            report.only("6", "peak RSS (VmHWM), " + lines + "-line manifest", "MB", Double.parseDouble(child.get("vmHwmMB")), "");
            report.only("6", "lines stored", "lines", Double.parseDouble(child.get("stored")), "of " + lines);
            report.detail("manifest", child);
        }
    }

    private Map<String, String> runChild(List<String> mainAndArgs, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(mainAndArgs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("child failed: " + out);
        }
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                result.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- 7: header-only inspection

    private void inspection() throws Exception {
        System.out.println("7. header-only inspection against a full decode, three ~10 MB images");
        Path dir = Files.createDirectories(work.resolve("inspect"));
        List<Path> files = List.of(
                Images.write(Images.noise(1830, 1830, 1), "png", dir.resolve("noise.png")),
                Images.write(Images.noise(1830, 1830, 2), "bmp", dir.resolve("noise.bmp")),
                Images.write(Images.noise(1830, 1830, 3), "tiff", dir.resolve("noise.tiff")));
        ImageInspector inspector = ImageInspectors.headerOnly();
        int reps = quick ? 3 : 7;
        double headerTotal = 0;
        double decodeTotal = 0;
        for (Path f : files) {
            List<Double> header = new ArrayList<>();
            List<Double> decode = new ArrayList<>();
            long allocHeader = allocated(() -> inspector.inspect(f));
            long allocDecode = allocated(() -> ImageIO.read(f.toFile()));
            for (int i = 0; i < reps + 1; i++) { // the first round warms up
                long t = System.nanoTime();
                inspector.inspect(f);
                double h = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                if (ImageIO.read(f.toFile()) == null) {
                    throw new IOException("JDK cannot decode " + f);
                }
                double d = (System.nanoTime() - t) / 1e6;
                if (i > 0) {
                    header.add(h);
                    decode.add(d);
                }
            }
            String ext = f.getFileName().toString().replaceAll(".*\\.", "").toUpperCase(Locale.ROOT);
            report.add("7", "inspect " + ext + " " + Files.size(f) / 1_000_000 + " MB: header-only vs ImageIO.read", "ms",
                    Stats.median(header), Stats.median(decode), "baseline = full decode (no SDK involved); median of " + reps);
            report.add("7", "  bytes allocated for " + ext, "MB", allocHeader / 1e6, allocDecode / 1e6, "one call, this thread's allocations");
            headerTotal += Stats.median(header);
            decodeTotal += Stats.median(decode);
        }
        report.add("7", "inspect all three", "ms", headerTotal, decodeTotal, "header-only includes the sha256 of the whole file");
    }

    private static long allocated(Section s) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        s.run();
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    // ---------------------------------------------------------------- 8: start-up

    /**
     * Through the launcher ({@code ./wanedit}), as a user runs it, after its first run of each
     * command (which makes the command's class-data-sharing archive), against {@code java -version}
     * in the same rounds: each round runs every command once, in turn, so a change in the machine's
     * load moves them all alike. {@code java -jar} without the launcher's archive and flags is
     * measured the same way, for what the launcher adds.
     */
    private void startup() throws Exception {
        System.out.println("8. start-up of wanedit through the launcher");
        if (!Files.isRegularFile(waneditJar)) {
            System.out.println("  skipped: " + waneditJar + " not found (build it with mvn -pl benchmarks -am package)");
            return;
        }
        Path script = launcher != null ? launcher : waneditJar.toAbsolutePath().getParent().getParent().getParent().resolve("wanedit");
        if (!Files.isRegularFile(script)) {
            System.out.println("  skipped: no launcher at " + script);
            return;
        }
        Path scene = Images.scene(work.resolve("startup.png"), 1024, 768);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = waneditJar.toAbsolutePath().toString();
        String sh = script.toAbsolutePath().toString();
        List<String> validateArgs = List.of("validate", "-m", WAN25, "-i", scene.toString(), "-p", "Put a brass alarm clock on the shelf");
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("java -version", List.of(java, "-version"));
        commands.put("--help", List.of("bash", sh, "--help"));
        commands.put("validate", concat(List.of("bash", sh), validateArgs));
        commands.put("jobs", List.of("bash", sh, "jobs"));
        commands.put("java -jar --help", List.of(java, "-jar", jar, "--help"));
        int reps = quick ? 3 : 9;
        Map<String, Double> median = medianWalls(reps, commands);
        double baseline = median.get("java -version");
        String note = "through ./wanedit after its first run; baseline java -version in the same " + reps + " rounds";
        report.add("8", "wanedit --help, median wall time", "ms", median.get("--help"), baseline, note);
        report.add("8", "wanedit validate (wan2.5, one local image), median", "ms", median.get("validate"), baseline, "baseline = java -version");
        report.add("8", "wanedit jobs (empty journal), median", "ms", median.get("jobs"), baseline, "baseline = java -version");
        report.add("8", "java -jar wanedit.jar --help (no launcher), median", "ms", median.get("java -jar --help"), baseline,
                "no archive, default JIT and collector");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** One untimed run of each command (the launcher's first: it makes the archive), then {@code reps} timed rounds. */
    private Map<String, Double> medianWalls(int reps, Map<String, List<String>> commands) throws IOException, InterruptedException {
        Path home = Files.createDirectories(work.resolve("startup-home"));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        commands.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (int round = 0; round <= reps; round++) {
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                double ms = wall(c.getValue(), home);
                if (round > 0) {
                    times.get(c.getKey()).add(ms);
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        times.forEach((k, v) -> medians.put(k, Stats.median(v)));
        return medians;
    }

    private double wall(List<String> cmd, Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("WANEDIT_HOME", home.resolve(".wanedit").toString()); // no journal: jobs reads an empty one
        pb.environment().put("DASHSCOPE_API_KEY", "sk-benchmark-not-used");
        // the launcher runs the java on PATH: the same JVM as the baseline
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        long t = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        double ms = (System.nanoTime() - t) / 1e6;
        if (rc != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + rc + ": " + new String(out));
        }
        return ms;
    }
}
