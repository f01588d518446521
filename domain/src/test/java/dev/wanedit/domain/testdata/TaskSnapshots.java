package dev.wanedit.domain.testdata;

import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.job.Usage;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remote task snapshots and results as a task query would report them. */
public final class TaskSnapshots {

    public static final String TASK_ID = "0385dc79-5ff8-4d82-bcb6-5e2b3a5d1c11";

    private TaskSnapshots() {
    }

    public static TaskSnapshot of(RemoteStatus status) {
        return TaskSnapshot.of(TASK_ID, status);
    }

    /** A successful image slot with a signed result URL. */
    public static RemoteResult ok(int index) {
        return RemoteResult.success(index, URI.create("https://dashscope-result.oss.example.com/out/" + index
                + ".png?OSSAccessKeyId=k&Signature=s"), "actual prompt " + index);
    }

    /** A failed image slot (partial failure), as in the seeds. */
    public static RemoteResult failed(int index) {
        return RemoteResult.failure(index, "InternalError.Timeout", "An internal timeout error has occured during execution");
    }

    /** {@code n} successful slots, indexes 0..n-1. */
    public static List<RemoteResult> oks(int n) {
        List<RemoteResult> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(ok(i));
        }
        return all;
    }

    /** SUCCEEDED with the given slots, ended at {@code end}, without usage. */
    public static TaskSnapshot succeeded(Instant end, List<RemoteResult> results) {
        return new TaskSnapshot(TASK_ID, RemoteStatus.SUCCEEDED, Optional.of(end.minusSeconds(30)), Optional.empty(),
                Optional.of(end), results, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** SUCCEEDED with the given slots and {@code usage.image_count}. */
    public static TaskSnapshot succeeded(Instant end, List<RemoteResult> results, int usageImageCount) {
        return new TaskSnapshot(TASK_ID, RemoteStatus.SUCCEEDED, Optional.of(end.minusSeconds(30)), Optional.empty(),
                Optional.of(end), results, Optional.of(Usage.images(usageImageCount)), Optional.empty(), Optional.empty());
    }

    /** FAILED with a code and message. */
    public static TaskSnapshot failedTask(String code, String message) {
        return new TaskSnapshot(TASK_ID, RemoteStatus.FAILED, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.of(code), Optional.of(message));
    }
}
