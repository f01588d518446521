package dev.wanedit.adapter.cli.render;

import dev.wanedit.application.policy.Redaction;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.ExpectedOutput;
import dev.wanedit.domain.request.Violation;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How jobs, results, violations and costs read for a person. */
public final class TextOutput {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final SidecarLocator sidecars;

    public TextOutput(SidecarLocator sidecars) {
        this.sidecars = sidecars;
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
    }

    public static String shortHash(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }

    /** Every violation, one per line, errors first. */
    public static void violations(PrintWriter w, List<Violation> list, String indent) {
        for (Violation v : list) {
            w.println(indent + (v.isError() ? "error:   " : "warning: ") + Redaction.redact(v.message()));
        }
    }

    public static String expected(ExpectedOutput e) {
        String size = e.dimensions().map(d -> "about " + d).orElse("a size known only to the service");
        return e.maxImages() + (e.maxImages() == 1 ? " image" : " images") + ", " + size
                + "; estimated cost " + e.estimatedCost() + " (billed per successful image)";
    }

    /** The one-line header of a job. */
    public static String headline(EditJob job) {
        StringBuilder b = new StringBuilder();
        b.append("Job ").append(job.id()).append("  ").append(stateLabel(job)).append("  ")
                .append(job.request().model().id()).append("  ")
                .append(job.region().id());
        job.task().ifPresent(t -> b.append("  task ").append(t.taskId()));
        job.task().flatMap(t -> t.endpoint()).ifPresent(e -> b.append("  at ").append(e));
        return b.toString();
    }

    public static String stateLabel(EditJob job) {
        return job.state().name() + (job.isPartial() ? " (partial)" : "");
    }

    /** A job with its results, cost and failure. */
    public void job(PrintWriter w, EditJob job) {
        w.println(headline(job));
        job.doubt().ifPresent(d -> w.println("  create outcome unknown: " + Redaction.redact(d.detail()) + "; sent "
                + time(d.sentAt()) + ", task list searched " + d.looks() + (d.looks() == 1 ? " time" : " times")
                + (d.taken() ? "; the service answered 2xx, so it is never sent again" : "")
                + (d.candidates().isEmpty() ? "" : "; could not tell apart tasks " + String.join(", ", d.candidates()))
                + ". `wanedit resume` goes on looking"));
        results(w, job);
        job.problem().ifPresent(p -> w.println("  not stored: " + Redaction.redact(p.toString())
                + job.resultsExpireAt().map(t -> "; paid for and kept until its URL expires " + time(t)).orElse("")
                + ". To finish: " + JsonOutput.NOT_STORED_HINT));
        job.unknownSince().ifPresent(t -> w.println("  the service has answered UNKNOWN for its task since " + time(t)
                + "; it is asked again"));
        for (dev.wanedit.domain.job.JobEvent e : job.history()) {
            w.println("  " + e.kind().name().toLowerCase(Locale.ROOT) + " " + time(e.at()) + ": " + Redaction.redact(e.detail()));
        }
        job.failure().ifPresent(f -> w.println("  failure: " + f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ": " + Redaction.redact(f.toString())));
        String estimated = job.request().expectedOutput().estimatedCost().toString();
        if (job.isActualCostKnown()) {
            w.println("  cost: " + job.actualCost() + " (estimated " + estimated + ")");
        } else {
            w.println("  estimated cost: " + estimated);
        }
    }

    public void results(PrintWriter w, EditJob job) {
        for (ResultImage r : job.results()) {
            w.println("  " + result(r));
        }
        if (job.state() == JobState.SUCCEEDED && !job.pendingDownloads().isEmpty()) {
            w.println("  " + job.pendingDownloads().size() + " result(s) not stored yet; `wanedit wait " + job.id()
                    + "` stores them (result URLs expire 24 hours after the task ends)");
        }
    }

    public String result(ResultImage r) {
        String idx = "[" + r.index() + "] ";
        if (r.isStored()) {
            String where = r.storedAt().get();
            Optional<String> sidecar = sidecars.sidecarOf(where);
            return idx + where + "  (" + bytes(r.bytes()) + r.sha256().map(h -> ", sha256 " + shortHash(h)).orElse("") + ")"
                    + sidecar.map(s -> "\n      sidecar " + s).orElse("");
        }
        if (r.succeeded()) {
            return idx + "not stored yet" + r.urlExpiresAt().map(t -> "; its URL expires " + time(t)).orElse("");
        }
        return idx + "failed: " + r.errorCode().orElse("") + r.errorMessage().map(m -> " " + Redaction.redact(m)).orElse("");
    }
}
