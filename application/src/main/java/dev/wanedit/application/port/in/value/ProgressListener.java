package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import java.time.Duration;

/** Hears about a wait as it goes, for progress displays. Both methods default to nothing. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() { };

    /** After every task query. */
    default void polled(EditJob job, int polls, Duration elapsed) {
    }

    /** After each result is stored. */
    default void stored(EditJob job, ResultImage image) {
    }
}
