package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.domain.request.EditRequest;

/**
 * Use case: journal an edit and create its remote task. The task id is in the journal before
 * this returns. An unfinished job with the same fingerprint is returned instead of paying twice,
 * unless {@code force}. A create whose answer was lost is searched for in the task list within the
 * options' patience; the job may then be OUTCOME_UNKNOWN (resumable). What the submission came to
 * is the returned {@link SubmitOutcome}: sent, reused, or rejected (by the rules, or by the service,
 * the job then FAILED in the journal).
 */
public interface SubmitEdit {

    SubmitOutcome submit(EditRequest request, SubmitOptions options) throws InterruptedException;
}
