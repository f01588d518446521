package dev.wanedit.application.service;

import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.InvalidEditRequest;
import dev.wanedit.domain.request.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A batch manifest's lines turned into requests: the first pass (every line checked, nothing sent) and each line again in the second. */
final class BatchLines {

    /** What the first pass found. */
    static final class Checked {
        final List<BatchReport.InvalidLine> invalid = new ArrayList<>();
        long valid;
        long expectedBytes;
        Money estimate = Money.zero(Money.CNY);
    }

    private final ValidateEdit validate;

    BatchLines(ValidateEdit validate) {
        this.validate = validate;
    }

    /** The first pass: every line validated, its cost and result bytes estimated, nothing submitted. */
    Checked check(ManifestSource manifest) {
        Checked p = new Checked();
        try (Stream<ManifestLine> lines = manifest.lines()) {
            lines.forEach(line -> {
                Optional<EditRequest> r = prepare(line, p.invalid);
                if (r.isPresent()) {
                    p.valid++;
                    p.estimate = p.estimate.plus(r.get().expectedOutput().estimatedCost());
                    p.expectedBytes += StorePreflight.expectedBytes(r.get());
                }
            });
        }
        return p;
    }

    /** The line's request, or empty when it is invalid (added to {@code invalid} unless that is null). */
    Optional<EditRequest> prepare(ManifestLine line, List<BatchReport.InvalidLine> invalid) {
        if (line.parseError().isPresent()) {
            if (invalid != null) {
                invalid.add(new BatchReport.InvalidLine(line.lineNumber(), line.key(),
                        List.of(Violation.error("line " + line.lineNumber(), "", line.parseError().get()))));
            }
            return Optional.empty();
        }
        try {
            return Optional.of(validate.prepare(line.edit().orElseThrow()));
        } catch (InvalidEditRequest e) {
            if (invalid != null) {
                invalid.add(new BatchReport.InvalidLine(line.lineNumber(), line.key(), e.violations()));
            }
            return Optional.empty();
        }
    }

    /** The journal's key of a manifest line: its key and its request, so that an edited line is a new job. */
    static String lineKey(ManifestLine line, EditRequest request) {
        return line.key() + "@" + request.fingerprint().substring(0, 12);
    }

    /** True when the line has an unfinished job already (whose task may hold a slot it will keep). */
    static boolean unfinished(JobRepository jobs, String batchId, ManifestLine line, EditRequest request) {
        return jobs.findByBatchLine(batchId, lineKey(line, request)).filter(j -> !j.state().isFinal()).isPresent();
    }
}
