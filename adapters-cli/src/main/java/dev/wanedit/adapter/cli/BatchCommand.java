package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.cli.manifest.ManifestReader;
import dev.wanedit.adapter.cli.render.BatchProgressDisplay;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.OutcomeSpool;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.adapter.cli.render.Table;
import dev.wanedit.adapter.cli.render.TextOutput;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.job.JobState;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code wanedit batch MANIFEST}: run a manifest of edits (JSON Lines or CSV, see
 * {@link ManifestReader}) under the models' limits, with progress, a summary and an exit code for
 * the worst outcome.
 *
 * <p>Exit codes: 3 when the batch was refused ({@code --strict} and an invalid line) or no line
 * was valid; otherwise the worst outcome of the lines that are valid, unfinished beating failed
 * beating ok, as {@code resume} does: 7 when anything is left unfinished (the {@code --timeout}
 * passed, {@code --max-cost} stopped submission, the service was unavailable or throttled; run the
 * batch again or {@code wanedit resume} to finish), 6 when a line failed, expired or was only
 * partly successful, 0 when every valid line is stored. Invalid lines that were skipped are listed
 * but do not change the exit code on their own. A key refused before anything was submitted is 4.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a manifest of edits under the models' limits and store every result.",
            "MANIFEST is JSON Lines (one request per line) or CSV with a header, with the fields id, model, images, "
                + "mask, function, params, prompt, negative_prompt, n, size, seed, watermark, prompt_extend, sequential "
                + "and bbox. Every line is checked before anything is submitted; invalid lines are listed with their "
                + "line numbers and skipped (--strict refuses the batch instead). Tasks run under each model's "
                + "submission rate and concurrency limits and the account's 20 task queries per second. Running the "
                + "same manifest again submits nothing that was already submitted (a line is its id, else its line "
                + "number, plus the request's fingerprint); after a crash, running it again or `wanedit resume` "
                + "finishes everything without paying twice. Relative image paths are relative to the manifest's "
                + "folder."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  wanedit batch products.jsonl -o out/",
            "  wanedit batch products.csv --max-cost 50 --json",
            "  wanedit batch big.jsonl --concurrency 2 --rps 1 --timeout 2h",
            "",
            "  products.jsonl:",
            "    {\"id\":\"sku-1\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"shelf.jpg\"],\"prompt\":\"Put the clock on the shelf\"}",
            "    {\"id\":\"sku-2\",\"model\":\"wanx2.1-imageedit\",\"function\":\"super_resolution\",\"params\":{\"upscale_factor\":2},"
                + "\"images\":[\"small.jpg\"],\"prompt\":\"Sharpen\"}",
            "  products.csv:",
            "    id,model,images,prompt,n,bbox",
            "    sku-1,wan2.7-image,a.jpg|b.jpg,\"Swap the cups, keep the table\",1,\"10,10,200,200|\"",
            "",
            "Exit codes: 0 all stored; 3 refused (--strict) or no valid line; 4 key refused; 6 a line failed or was "
                + "partial; 7 something left unfinished (run again or `wanedit resume`)."})
public final class BatchCommand extends BaseCommand implements Callable<Integer> {

    /** How many failed or invalid lines the text summary lists one by one. */
    static final int LISTED = 20;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "A .jsonl/.ndjson (JSON Lines) or .csv file.")
    Path manifest;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or csv (default: by extension, else by content).")
    ManifestReader.Format format;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Tasks in flight per model (default: the model's concurrent-task limit).")
    Integer concurrency;

    @Option(names = "--rps", paramLabel = "X", description = "Submissions per second per model (default: the model's limit).")
    Double rps;

    @Option(names = "--qps", paramLabel = "X",
            description = "Task queries per second for the whole account (default 20, the documented quota; raise it only "
                    + "if your quota was raised, or against an emulator).")
    Double qps;

    @Option(names = "--max-cost", paramLabel = "AMOUNT", converter = CnyConverter.class,
            description = "Stop submitting once the estimated cost would pass AMOUNT (CNY), e.g. 50 or 12.5CNY.")
    Money maxCost;

    @Option(names = "--strict", description = "Refuse the whole batch if any line is invalid (default: skip invalid lines).")
    boolean strict;

    @Option(names = "--force", description = "Submit again lines that were already submitted by an earlier run.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h", converter = Converters.DurationConverter.class,
            description = "How long to run, e.g. 30m, 2h (default ${DEFAULT-VALUE}); what is left stays resumable.")
    Duration timeout;

    @Option(names = "--batch-id", paramLabel = "ID",
            description = "What identifies this batch across runs (default: the manifest's absolute path).")
    String batchId;

    private final RunBatch batch;
    private final CliContext context;
    private final JsonOutput json = new JsonOutput(SidecarLocator.none());

    @Inject
    public BatchCommand(RunBatch batch, CliContext context) {
        this.batch = batch;
        this.context = context;
    }

    @Override
    public Integer call() {
        if (concurrency != null && concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1, got " + concurrency);
        }
        if (rps != null && (!(rps > 0) || rps.isInfinite())) {
            throw new ParameterException(spec.commandLine(), "--rps must be a positive number, got " + rps);
        }
        if (qps != null && (!(qps > 0) || qps.isInfinite())) {
            throw new ParameterException(spec.commandLine(), "--qps must be a positive number, got " + qps);
        }
        GlobalOptions g = globals();
        ManifestReader reader = ManifestReader.open(manifest, g.region().orElse(context.defaultRegion()), format);
        String id = batchId != null && !batchId.isBlank() ? batchId.strip() : reader.file().toString();
        BatchSpec batchSpec = new BatchSpec(id, concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency),
                rps == null ? OptionalDouble.empty() : OptionalDouble.of(rps), Optional.ofNullable(maxCost), strict, force,
                timeout, qps == null ? OptionalDouble.empty() : OptionalDouble.of(qps));
        BatchProgress.Listener progress = BatchProgressDisplay.forCommand(context.interactive() && !g.json() && !g.quiet(), out(), context.clock());
        try (OutcomeSpool spool = g.json() ? new OutcomeSpool() : null) {
            BatchProgress.Listener listener = new BatchProgress.Listener() {
                @Override
                public void update(BatchProgress p) {
                    progress.update(p);
                }

                @Override
                public void lineEnded(BatchReport.LineOutcome o) {
                    if (spool != null) {
                        spool.add(o); // --json lists every line at the end, from the spool
                    } else if (g.quiet()) {
                        out().println(Redaction.redact(o.key()) + "\t" + o.job() + "\t" + label(o));
                        out().flush();
                    }
                }
            };
            BatchReport report;
            try {
                report = batch.run(batchSpec, reader, listener);
            } catch (InterruptedException e) {
                BatchProgressDisplay.finish(progress);
                Thread.interrupted();
                return interrupted(json, "interrupted; the batch's jobs stay in the journal: run `wanedit batch " + manifest
                        + "` again or `wanedit resume` to finish them (nothing is submitted twice)");
            }
            BatchProgressDisplay.finish(progress);
            int exit = exitCode(report);
            if (g.json()) {
                document(id, report, spool);
            } else if (g.quiet()) {
                invalidLines(err(), report);
                err().flush();
            } else {
                summary(out(), err(), id, report);
            }
            return exit;
        }
    }

    /** The exit code of a batch; see the class comment. */
    static int exitCode(BatchReport r) {
        if (r.refused() || r.valid() == 0) {
            return ExitCodes.INVALID_INPUT;
        }
        boolean unfinished = r.notSubmitted() > 0 || r.stoppedByCost() || r.tally().unfinished() - r.tally().notStored() > 0;
        boolean failed = r.tally().failed() > 0 || r.tally().partial() > 0;
        return ExitCodes.worst(unfinished, r.tally().notStored() > 0, failed);
    }

    private static String label(BatchReport.LineOutcome o) {
        return o.state().name() + (o.partial() ? " (partial)" : "");
    }

    // ---------------------------------------------------------------- text

    private void summary(PrintWriter out, PrintWriter err, String id, BatchReport r) {
        out.println("Batch " + id + ": " + (r.valid() + r.invalid().size()) + " lines, " + r.valid() + " valid"
                + (r.invalid().isEmpty() ? "" : ", " + r.invalid().size() + " invalid"
                + (r.refused() ? " (nothing was submitted: --strict)" : " (skipped)")));
        out.flush();
        invalidLines(err, r);
        err.flush();
        if (r.refused()) {
            return;
        }
        Map<JobState, Long> counts = r.countsByState();
        if (!counts.isEmpty()) {
            Table t = new Table("STATE", "LINES");
            counts.forEach((state, n) -> t.row(state.name(), n));
            long partial = r.tally().partial();
            if (partial > 0) {
                t.row("(partial)", partial);
            }
            t.print(out, "  ");
        }
        // the report keeps the first notable lines; the unfinished ones without a failure are counted below
        List<BatchReport.LineOutcome> bad = r.notable().stream()
                .filter(o -> o.partial() || o.state().isFinal() && o.state() != JobState.STORED || o.failure().isPresent())
                .toList();
        long badInAll = Math.max(bad.size(), r.tally().failed() + r.tally().partial());
        if (!bad.isEmpty()) {
            out.println("Failed or partial:");
            bad.stream().limit(LISTED).forEach(o -> out.println("  line " + o.lineNumber() + " (" + Redaction.redact(o.key())
                    + ") job " + o.job() + "  " + label(o) + o.failure().map(f -> ": " + Redaction.redact(f)).orElse("")));
            long shown = Math.min(bad.size(), LISTED);
            if (badInAll > shown) {
                out.println("  ... and " + (badInAll - shown) + " more (--json lists every line)");
            }
        }
        out.println("Images stored: " + r.imagesStored());
        out.println("Cost: " + r.cost() + " (estimated " + r.estimatedCost() + " for every valid line)");
        long unfinished = r.tally().unfinished();
        if (r.notSubmitted() > 0 || r.stoppedByCost()) {
            out.println("Not submitted: " + r.notSubmitted() + (r.stoppedByCost()
                    ? " line(s): the next would have passed --max-cost " + maxCost + "; run again with a higher --max-cost"
                    : " line(s): the --timeout passed; run the batch again to continue"));
        }
        if (unfinished > 0) {
            out.println("Unfinished: " + unfinished + " line(s) are still running or could not be sent; run `wanedit batch "
                    + manifest + "` again or `wanedit resume` to finish them (nothing is submitted twice)");
        }
        out.flush();
    }

    private static void invalidLines(PrintWriter err, BatchReport r) {
        int shown = 0;
        for (BatchReport.InvalidLine l : r.invalid()) {
            if (shown++ == LISTED) {
                err.println("... and " + (r.invalid().size() - LISTED) + " more invalid lines (--json lists every line)");
                break;
            }
            err.println("line " + l.lineNumber() + " (" + Redaction.redact(l.key()) + "):");
            TextOutput.violations(err, l.violations(), "  ");
        }
    }

    // ---------------------------------------------------------------- JSON

    /**
     * {@code {batch_id, lines:{total, valid, invalid}, invalid:[{line, key, violations}],
     * outcomes:[{line, key, job_id, state, partial, failure}], images_stored,
     * cost:{actual, estimated, currency}, refused, stopped_by_cost, not_submitted, unfinished, exit_code}},
     * written as it is read: the outcomes come from the spool the run filled, so a manifest of any
     * length is listed in constant memory.
     */
    void document(String id, BatchReport r, OutcomeSpool spool) {
        json.stream(out(), g -> {
            g.writeStringField("batch_id", Redaction.redact(id));
            g.writeObjectFieldStart("lines");
            g.writeNumberField("total", r.valid() + r.invalid().size());
            g.writeNumberField("valid", r.valid());
            g.writeNumberField("invalid", r.invalid().size());
            g.writeEndObject();
            g.writeArrayFieldStart("invalid");
            for (BatchReport.InvalidLine l : r.invalid()) {
                ObjectNode o = json.object();
                o.put("line", l.lineNumber());
                o.put("key", l.key());
                o.set("violations", json.violations(l.violations()));
                json.writeRedacted(g, o);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outcomes");
            java.io.IOException[] failed = new java.io.IOException[1];
            spool.forEach(o -> {
                try {
                    if (failed[0] == null) {
                        json.writeRedacted(g, o);
                    }
                } catch (java.io.IOException e) {
                    failed[0] = e;
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            g.writeEndArray();
            g.writeNumberField("images_stored", r.imagesStored());
            g.writeObjectFieldStart("cost");
            g.writeNumberField("actual", r.cost().amount());
            g.writeNumberField("estimated", r.estimatedCost().amount());
            g.writeStringField("currency", r.estimatedCost().currency());
            g.writeEndObject();
            g.writeBooleanField("refused", r.refused());
            g.writeBooleanField("stopped_by_cost", r.stoppedByCost());
            g.writeNumberField("not_submitted", r.notSubmitted());
            g.writeNumberField("unfinished", r.tally().unfinished());
            g.writeNumberField("exit_code", exitCode(r));
        });
    }

    /** {@code 50}, {@code 12.5}, {@code 12.5CNY} or {@code 12.5 CNY}. */
    static final class CnyConverter implements ITypeConverter<Money> {
        @Override
        public Money convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            if (v.endsWith("CNY")) {
                v = v.substring(0, v.length() - 3).strip();
            }
            try {
                BigDecimal amount = new BigDecimal(v);
                if (amount.signum() < 0) {
                    throw new TypeConversionException("\"" + value + "\" is negative");
                }
                return new Money(amount, Money.CNY);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("\"" + value + "\" is not an amount in CNY such as 50 or 12.5");
            }
        }
    }
}
