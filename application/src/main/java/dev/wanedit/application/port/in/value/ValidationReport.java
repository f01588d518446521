package dev.wanedit.application.port.in.value;

import dev.wanedit.application.port.out.RequestPreview;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ExpectedOutput;
import dev.wanedit.domain.request.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The result of a dry run: the facts of each input, every violation (errors and warnings), and
 * for a valid request the expected output, cost and the exact request that would be sent.
 */
public record ValidationReport(List<InputReport> inputs, List<Violation> errors, List<Violation> warnings,
                               Optional<EditRequest> request, Optional<ExpectedOutput> expected,
                               Optional<RequestPreview> preview) {

    public boolean valid() {
        return errors.isEmpty();
    }
}
