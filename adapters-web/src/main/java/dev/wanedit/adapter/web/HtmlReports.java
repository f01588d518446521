package dev.wanedit.adapter.web;

import dev.wanedit.adapter.web.view.ReportView;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Adapter: {@code wanedit report} — one self-contained HTML file of jobs from the journal (through
 * {@link ManageJobs}), inputs beside outputs, with a summary for many jobs. Images are referenced
 * by paths relative to the file, or embedded as thumbnails so that the file can be shared.
 */
public final class HtmlReports {

    private final ManageJobs jobs;
    private final SignedLinks links;
    private final Clock clock;
    private final Pages pages = new Pages();

    public HtmlReports(ManageJobs jobs, SignedLinks links, Clock clock) {
        this.jobs = jobs;
        this.links = links;
        this.clock = clock;
    }

    /**
     * Which jobs: the given ids (in that order), else those matching the query.
     *
     * @param limit at most this many jobs from the query (newest first)
     */
    public record Selection(List<String> jobIds, Optional<String> batchId, Optional<Instant> since, Set<JobState> states,
                            int limit) {
        public Selection {
            jobIds = List.copyOf(jobIds);
            batchId = batchId == null ? Optional.empty() : batchId;
            since = since == null ? Optional.empty() : since;
            states = Set.copyOf(states);
            if (limit <= 0) {
                throw new IllegalArgumentException("the limit must be positive, got " + limit);
            }
        }
    }

    /** What was written: the file and how many jobs it shows. */
    public record Written(Path file, int jobs) {
    }

    /**
     * Writes the report to {@code file} (a temporary file first, then moved into place).
     *
     * @throws JobNotFound naming every given id that is not in the journal
     * @throws dev.wanedit.application.port.in.value.InvalidInput naming every given id that is not a job id
     */
    public Written write(Selection selection, Path file, boolean embed) {
        List<EditJob> found = select(selection);
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Instant now = clock.instant();
        String title = selection.jobIds().size() == 1 ? "wanedit job " + selection.jobIds().get(0)
                : selection.batchId().map(b -> "wanedit batch " + b).orElse("wanedit report");
        ReportView page = ReportPages.build(title, found, Pictures.forReport(dir, embed, links), now, false);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    pages.report(page, "", new WriterOutput(w));
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + target + ": " + e.getMessage(), e);
        }
        return new Written(target, found.size());
    }

    private List<EditJob> select(Selection s) {
        if (s.jobIds().isEmpty()) {
            List<EditJob> list = jobs.list(new JobQuery(s.states(), s.since(), s.batchId(), s.limit()));
            if (list.isEmpty() && s.batchId().isPresent()) {
                // a batch is known by its manifest's path as it was given; try the absolute one too
                String abs = Path.of(s.batchId().get()).toAbsolutePath().normalize().toString();
                if (!abs.equals(s.batchId().get())) {
                    list = jobs.list(new JobQuery(s.states(), s.since(), Optional.of(abs), s.limit()));
                }
            }
            return list;
        }
        List<String> malformed = new ArrayList<>();
        for (String id : s.jobIds()) {
            if (!JobId.isValid(id)) {
                malformed.add("\"" + id + "\"");
            }
        }
        if (!malformed.isEmpty()) {
            throw new dev.wanedit.application.port.in.value.InvalidInput("not a job id (yyyyMMdd-HHmmss-SSS-xxxxxx): " + String.join(", ", malformed));
        }
        List<EditJob> list = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String id : new LinkedHashSet<>(s.jobIds())) {
            try {
                list.add(jobs.status(new JobId(id), false));
            } catch (JobNotFound e) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw new JobNotFound(String.join("\", \"", missing));
        }
        return list;
    }
}
