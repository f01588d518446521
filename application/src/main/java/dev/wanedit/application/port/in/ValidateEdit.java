package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;

/**
 * Use case: check an edit locally (no network), reporting facts, violations, expected output, cost
 * and the request. The edit is the domain's draft as an adapter filled it, its images given as
 * references (paths, URLs, {@code data:} URIs, {@code oss://}); they are read here, on a copy, so
 * the caller's draft is left as it was.
 */
public interface ValidateEdit {

    ValidationReport validate(EditRequestDraft edit, SubmitMode mode);

    /**
     * Reads the inputs and builds a valid request.
     *
     * @throws dev.wanedit.domain.request.InvalidEditRequest listing every violation
     */
    EditRequest prepare(EditRequestDraft edit);
}
