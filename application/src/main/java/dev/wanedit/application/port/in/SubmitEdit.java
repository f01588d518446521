package dev.wanedit.application.port.in;

import dev.wanedit.domain.EditJob;
import dev.wanedit.domain.EditRequest;

/**
 * Use case: journal an edit and create its remote task. The task id is in the journal before
 * this returns. An unfinished job with the same fingerprint is returned instead of paying twice,
 * unless {@code force}. A create whose answer was lost is searched for in the task list within the
 * options' patience; the job returned may then be OUTCOME_UNKNOWN (resumable). Remote rejections are
 * recorded on the job and rethrown.
 */
public interface SubmitEdit {

    EditJob submit(EditRequest request, SubmitOptions options) throws InterruptedException;
}
