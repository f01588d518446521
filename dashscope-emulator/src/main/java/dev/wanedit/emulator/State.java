package dev.wanedit.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The emulator's mutable state: tasks, limit windows, uploaded objects, issued policies, rendered images. */
final class State {
    private final DashScopeEmulator emu;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> submissions = new HashMap<>();
    private final Deque<Instant> taskCalls = new ArrayDeque<>();
    private final Map<String, StoredObject> objects = new HashMap<>();
    private static final long RENDER_CACHE_BYTES = 128L * 1024 * 1024;
    private final LinkedHashMap<String, byte[]> rendered = new LinkedHashMap<>(16, 0.75f, true);
    private long renderedBytes;
    private long renders;
    private int addsSincePurge;

    record StoredObject(byte[] bytes, String contentType, Instant at) {}

    State(DashScopeEmulator emu) {
        this.emu = emu;
    }

    private Instant now() {
        return emu.clock().now();
    }

    /** Builds a task from its queue time. */
    interface TaskFactory {
        Task create(Duration queue);
    }

    /**
     * Creates and stores a task. With {@link OverConcurrency#QUEUE} and the concurrency limit on, its
     * queue time is stretched until the model's RUNNING tasks leave it a slot.
     */
    synchronized Task add(TaskFactory factory, ModelSpec model, Duration baseQueue, Duration run, boolean async) {
        DashScopeEmulator.Builder c = emu.config();
        Instant now = now();
        Duration queue = baseQueue;
        if (async && c.concurrencyLimit && c.overConcurrency == OverConcurrency.QUEUE) {
            Instant start = earliestStart(model, now.plus(baseQueue), run, c.concurrent(model));
            queue = Duration.between(now, start);
        }
        Task t = factory.create(queue);
        tasks.put(t.id, t);
        if (++addsSincePurge >= 100) {
            addsSincePurge = 0;
            // a task is of no use once its result URLs have expired too
            tasks.values().removeIf(x -> !now.isBefore(x.resultsExpireAt()));
        }
        return t;
    }

    /**
     * The first instant from {@code earliest} at which a task of {@code model} running for {@code run}
     * keeps the model's RUNNING tasks at most {@code limit} all along: {@code earliest} itself or the
     * end of one of the tasks in the way.
     */
    private Instant earliestStart(ModelSpec model, Instant earliest, Duration run, int limit) {
        List<Task> holding = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (t.spec.model() == model && !t.sync && !t.isCanceled() && t.endAt().isAfter(earliest)) {
                holding.add(t);
            }
        }
        List<Instant> candidates = new ArrayList<>();
        candidates.add(earliest);
        for (Task t : holding) {
            candidates.add(t.endAt());
        }
        java.util.Collections.sort(candidates);
        for (Instant start : candidates) {
            if (fits(holding, start, start.plus(run), limit)) {
                return start;
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    private static boolean fits(List<Task> holding, Instant from, Instant to, int limit) {
        List<Instant> points = new ArrayList<>();
        points.add(from);
        for (Task t : holding) {
            Instant s = t.scheduledAt();
            if (s.isAfter(from) && s.isBefore(to)) {
                points.add(s);
            }
        }
        for (Instant p : points) {
            int running = 0;
            for (Task t : holding) {
                if (!t.scheduledAt().isAfter(p) && t.endAt().isAfter(p)) {
                    running++;
                }
            }
            if (running >= limit) {
                return false;
            }
        }
        return true;
    }

    /** Forgets every task, limit window, uploaded object and rendered image. */
    synchronized void clear() {
        tasks.clear();
        submissions.clear();
        taskCalls.clear();
        objects.clear();
        synchronized (rendered) {
            rendered.clear();
            renderedBytes = 0;
        }
    }

    /** The task, or null when it never existed or its 24 h are over. */
    synchronized Task task(String id) {
        Task t = tasks.get(id);
        if (t == null || !now().isBefore(t.expiresAt())) {
            return null;
        }
        return t;
    }

    /** The task whatever its age (result URLs outlive the task query by the task's running time). */
    synchronized Task rawTask(String id) {
        return tasks.get(id);
    }

    /** Tasks still within retention (async ones only; a sync call is not listed), newest first. */
    synchronized List<Task> liveTasks() {
        List<Task> out = new ArrayList<>();
        Instant now = now();
        for (Task t : tasks.values()) {
            if (!t.sync && now.isBefore(t.expiresAt())) {
                out.add(t);
            }
        }
        java.util.Collections.reverse(out); // tasks are kept oldest first
        return out;
    }

    /** Admits one submission of {@code model} or names the limit it breaks. */
    synchronized String admitSubmission(ModelSpec model) {
        DashScopeEmulator.Builder c = emu.config();
        Instant now = now();
        if (c.submissionRateLimit) {
            Deque<Instant> window = submissions.computeIfAbsent(model.id, k -> new ArrayDeque<>());
            prune(window, now);
            if (window.size() >= c.submitRps(model)) {
                return "Throttling.RateQuota";
            }
        }
        if (c.concurrencyLimit && c.overConcurrency == OverConcurrency.REJECT) {
            int active = 0;
            for (Task t : tasks.values()) {
                if (t.spec.model() == model && t.isActive(now)) {
                    active++;
                }
            }
            if (active >= c.concurrent(model)) {
                return "Throttling.AllocationQuota";
            }
        }
        if (c.submissionRateLimit) {
            submissions.get(model.id).addLast(now);
        }
        return null;
    }

    /** Admits one task query, list or cancel call against the per-account QPS limit. */
    synchronized boolean admitTaskCall() {
        DashScopeEmulator.Builder c = emu.config();
        if (!c.taskQueryRateLimit) {
            return true;
        }
        Instant now = now();
        prune(taskCalls, now);
        if (taskCalls.size() >= c.taskQueryQps) {
            return false;
        }
        taskCalls.addLast(now);
        return true;
    }

    private static void prune(Deque<Instant> window, Instant now) {
        Instant cutoff = now.minus(Duration.ofSeconds(1));
        while (!window.isEmpty() && !window.peekFirst().isAfter(cutoff)) {
            window.removeFirst();
        }
    }

    synchronized boolean putObject(String key, byte[] bytes, String contentType, boolean forbidOverwrite) {
        StoredObject existing = object(key);
        if (existing != null && forbidOverwrite) {
            return false;
        }
        objects.put(key, new StoredObject(bytes, contentType, now()));
        return true;
    }

    /** An uploaded object, or null once its 48 h are over. */
    synchronized StoredObject object(String key) {
        StoredObject o = objects.get(key);
        if (o == null || !now().isBefore(o.at().plus(emu.config().uploadRetention))) {
            return null;
        }
        return o;
    }

    synchronized byte[] objectBytes(String key) {
        StoredObject o = object(key);
        return o == null ? null : o.bytes();
    }

    /** How many result images were rendered (not served from the cache). */
    long renders() {
        synchronized (rendered) {
            return renders;
        }
    }

    /** The PNG of result {@code index} of {@code task}, rendered on first use and cached. */
    byte[] render(Task task, int index) {
        String key = task.id + "/" + index;
        synchronized (rendered) {
            byte[] png = rendered.get(key);
            if (png != null) {
                return png;
            }
        }
        byte[] png = ResultRenderer.renderPng(task, index);
        synchronized (rendered) {
            renders++;
            if (rendered.put(key, png) == null) {
                renderedBytes += png.length;
            }
            var it = rendered.entrySet().iterator();
            while (renderedBytes > RENDER_CACHE_BYTES && rendered.size() > 1 && it.hasNext()) {
                var eldest = it.next();
                renderedBytes -= eldest.getValue().length;
                it.remove();
            }
        }
        return png;
    }
}
