package dev.wanedit.domain.job;

import dev.wanedit.domain.request.OutputSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How the image slots of an {@link EditJob} are made and changed; the job decides when. */
final class JobResults {

    private JobResults() {
    }

    /**
     * The slots of a SUCCEEDED task answer. The service may return fewer images than asked for
     * (protocol §2.4): the missing slots are recorded as not returned, except for an image set
     * (sequential), which chooses its own count with n as an upper bound.
     */
    static List<ResultImage> fromTask(TaskSnapshot s, OutputSpec output, Instant fallbackExpiry) {
        List<ResultImage> images = new ArrayList<>();
        for (RemoteResult r : s.results()) {
            images.add(ResultImage.from(r, fallbackExpiry));
        }
        int requested = output.n();
        if (!output.sequential() && !images.isEmpty() && images.size() < requested) {
            int returned = images.size();
            for (int i = returned; i < requested; i++) {
                images.add(ResultImage.notReturned(i, returned, requested));
            }
        }
        return List.copyOf(images);
    }

    /** The failure of a task that succeeded without a single image: the first slot's error, if any. */
    static JobFailure noImage(List<ResultImage> images) {
        String code = images.stream().flatMap(i -> i.errorCode().stream()).findFirst().orElse("NoResult");
        String msg = images.stream().flatMap(i -> i.errorMessage().stream()).findFirst()
                .orElse("the task succeeded without a single image");
        return new JobFailure(JobFailure.Kind.TASK_FAILED, code, msg);
    }

    /** The slots with the fresh URLs of a new task answer for results not stored yet; empty when none changed. */
    static Optional<List<ResultImage>> refreshed(List<ResultImage> results, TaskSnapshot s, Instant fallbackExpiry) {
        List<ResultImage> next = new ArrayList<>(results.size());
        boolean changed = false;
        for (ResultImage r : results) {
            Optional<RemoteResult> fresh = s.results().stream().filter(x -> x.index() == r.index() && x.succeeded())
                    .findFirst();
            if (r.succeeded() && !r.isStored() && fresh.isPresent() && !fresh.get().url().equals(r.remoteUrl())) {
                next.add(r.withUrl(fresh.get().url().orElseThrow(), fresh.get().url().flatMap(RemoteResult::signedExpiry)
                        .orElse(fallbackExpiry)));
                changed = true;
            } else {
                next.add(r);
            }
        }
        return changed ? Optional.of(List.copyOf(next)) : Optional.empty();
    }

    /** The slots with slot {@code index} stored. */
    static List<ResultImage> withStored(JobId job, List<ResultImage> results, int index, String location, String sha256,
                                        long bytes) {
        List<ResultImage> next = new ArrayList<>(results.size());
        boolean found = false;
        for (ResultImage r : results) {
            if (r.index() == index) {
                if (!r.succeeded()) {
                    throw new IllegalArgumentException("result " + index + " of job " + job + " failed and has nothing to store");
                }
                next.add(r.stored(location, sha256, bytes));
                found = true;
            } else {
                next.add(r);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("job " + job + " has no result " + index);
        }
        return List.copyOf(next);
    }

    /**
     * The slots of a job journaled again from its stored images: slots below {@code slots} that
     * were not found are recorded as missing, so the job reads as partial rather than complete.
     */
    static List<ResultImage> recovered(JobId job, int slots, List<ResultImage> stored, String where) {
        if (stored == null || stored.isEmpty() || stored.stream().anyMatch(r -> !r.isStored())) {
            throw new IllegalArgumentException("job " + job + ": a recovered job has at least one stored image and only stored ones");
        }
        Map<Integer, ResultImage> byIndex = new TreeMap<>();
        stored.forEach(r -> byIndex.put(r.index(), r));
        int n = Math.max(slots, byIndex.keySet().stream().mapToInt(i -> i + 1).max().orElse(0));
        List<ResultImage> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ResultImage r = byIndex.get(i);
            results.add(r != null ? r : new ResultImage(i, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), 0, Optional.of("NotFoundStored"),
                    Optional.of("the journal entry was lost and no stored image " + i + " was found in " + where)));
        }
        return List.copyOf(results);
    }

    /** The event of a job journaled again from its stored images, saying where they were found. */
    static JobEvent recoveredEvent(RemoteTaskRef task, List<ResultImage> results, String where, Instant at) {
        long found = results.stream().filter(ResultImage::isStored).count();
        return new JobEvent(at, JobEvent.Kind.RECOVERED, "the journal had no entry for this request; " + found
                + " stored image(s) of task " + task.taskId() + " found in " + where
                + ", journaled from their sidecars instead of paying again");
    }
}
