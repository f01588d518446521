package dev.wanedit.application.fakes;

import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A batch listener that keeps every line's outcome as it hears it (the report keeps only counts). */
public final class LineOutcomes implements BatchProgress.Listener {

    /** The outcomes heard so far, in the order the lines ended. */
    public final List<BatchReport.LineOutcome> ended = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void update(BatchProgress progress) {
    }

    @Override
    public void lineEnded(BatchReport.LineOutcome outcome) {
        ended.add(outcome);
    }
}
