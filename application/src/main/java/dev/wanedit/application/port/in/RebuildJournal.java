package dev.wanedit.application.port.in;

import dev.wanedit.domain.job.EditJob;
import java.util.List;

/**
 * Use case: journal again, from the sidecars in the output folder, every job whose results are
 * stored there but which the journal does not know (a deleted or emptied journal), so that a batch
 * run again pays for none of them and {@code jobs}, {@code report} and {@code status} show them.
 * Jobs the journal knows are left as they are; nothing is sent to the service.
 */
public interface RebuildJournal {

    /**
     * @param journaled the jobs journaled again, STORED, each with a RECOVERED event
     * @param known how many stored jobs the journal already had (by id, or by their batch line)
     * @param skipped one line per result that could not be used, naming the file and why
     */
    record Report(String place, List<EditJob> journaled, int known, List<String> skipped) {

        public Report {
            journaled = List.copyOf(journaled);
            skipped = List.copyOf(skipped);
        }
    }

    /** Rebuilds from the store's own place (the output folder). */
    Report rebuild();
}
