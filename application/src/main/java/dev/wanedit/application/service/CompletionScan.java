package dev.wanedit.application.service;

import dev.wanedit.application.policy.RateLimiter;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Sleeper;
import dev.wanedit.application.port.out.TaskPage;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Completion discovery through the task list. With more tasks in flight than the account's query
 * budget can poll each second, polling them in turn leaves each one unseen for (tasks ÷ budget)
 * seconds after it ends. One task-list page shows up to 50 tasks, so listing the account's
 * PENDING and RUNNING tasks of a model takes a few calls, and every task of ours that is not among
 * them has ended (or is about to be seen for the first time): only those are queried for their
 * results. Mistakes only cost a query: a task missed by a page that shifted, or not yet listed,
 * is queried and found still running; a finished task is never reported as running, since the
 * list is read after the tasks were created.
 */
final class CompletionScan {

    /** Clock difference tolerated between this machine and the service's task times. */
    static final Duration SKEW = Duration.ofMinutes(2);
    /** A scan that needs more pages than this per model and status is not worth it; poll instead. */
    static final int MAX_PAGES = 40;

    private final ImageEditingService editing;
    private final Sleeper sleeper;
    private volatile boolean unsupported;

    CompletionScan(ImageEditingService editing, Sleeper sleeper) {
        this.editing = editing;
        this.sleeper = sleeper;
    }

    /** What a scan found, and the list calls it made. */
    record Result(Set<String> settled, int calls) {
    }

    /**
     * Lists the active tasks of the models of {@code jobs}, each page under {@code queries}.
     *
     * @return the task ids among the jobs' tasks that are neither PENDING nor RUNNING in the list,
     *     or empty if a call was throttled, failed, or the list is too long to be worth reading
     *     (the caller polls the tasks one by one instead)
     */
    Optional<Result> scan(Collection<EditJob> jobs, RateLimiter queries, Instant now) throws InterruptedException {
        if (unsupported) {
            return Optional.empty();
        }
        Map<Group, Instant> oldest = new LinkedHashMap<>();
        Map<String, EditJob> ours = new LinkedHashMap<>();
        for (EditJob job : jobs) {
            Optional<RemoteTaskRef> task = job.task();
            if (task.isEmpty()) {
                continue;
            }
            ours.put(task.get().taskId(), job);
            oldest.merge(new Group(job.request().region(), task.get().endpoint(), job.request().model().id()),
                    job.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        Set<String> active = new HashSet<>();
        int calls = 0;
        for (Map.Entry<Group, Instant> e : oldest.entrySet()) {
            Group g = e.getKey();
            Instant to = now.plus(SKEW);
            Instant from = e.getValue().minus(SKEW);
            if (Duration.between(from, to).compareTo(TaskSearch.MAX_WINDOW) > 0) {
                from = to.minus(TaskSearch.MAX_WINDOW); // older tasks are queried one by one
            }
            TaskSearch search = new TaskSearch(g.region(), g.endpoint(), g.model(), from, to);
            for (RemoteStatus status : List.of(RemoteStatus.RUNNING, RemoteStatus.PENDING)) {
                for (int page = 1; ; page++) {
                    if (page > MAX_PAGES) {
                        return Optional.empty();
                    }
                    Duration wait = queries.reserve();
                    if (!wait.isZero()) {
                        sleeper.sleep(wait);
                    }
                    TaskPage reply;
                    try {
                        reply = editing.listTaskPage(search.inStatus(status), page);
                    } catch (RemoteServiceException.RateLimited ex) {
                        ex.retryAfter().ifPresent(queries::pause);
                        return Optional.empty();
                    } catch (RemoteServiceException.Rejected ex) {
                        unsupported = true; // the service refuses this listing: never ask again in this process
                        return Optional.empty();
                    } catch (RemoteServiceException ex) {
                        return Optional.empty();
                    }
                    calls++;
                    reply.tasks().forEach(t -> active.add(t.taskId()));
                    if (!reply.hasNext()) {
                        break;
                    }
                }
            }
        }
        Set<String> settled = new HashSet<>(ours.keySet());
        settled.removeAll(active);
        return Optional.of(new Result(settled, calls));
    }

    private record Group(Region region, Optional<String> endpoint, String model) {
    }
}
