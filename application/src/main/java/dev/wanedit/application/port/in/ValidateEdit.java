package dev.wanedit.application.port.in;

import dev.wanedit.application.port.in.value.EditCommand;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.domain.request.EditRequest;

/** Use case: check an edit locally (no network), reporting facts, violations, expected output, cost and the request. */
public interface ValidateEdit {

    ValidationReport validate(EditCommand command, SubmitMode mode);

    /**
     * Reads the inputs and builds a valid request.
     *
     * @throws dev.wanedit.domain.request.InvalidEditRequest listing every violation
     */
    EditRequest prepare(EditCommand command);
}
