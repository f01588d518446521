package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.domain.catalog.Money;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.Violation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private Path manifest(int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            b.append("{\"id\":\"sku-").append(i).append("\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"shelf.png\"],\"prompt\":\"p")
                    .append(i).append("\"}\n");
        }
        Path p = dir.resolve("products.jsonl");
        Files.writeString(p, b.toString());
        return p;
    }

    private static BatchReport.LineOutcome outcome(ManifestLine l, JobState state, boolean partial, String failure) {
        return new BatchReport.LineOutcome(l.lineNumber(), l.key(), Jobs.newId(), state, partial, Optional.ofNullable(failure));
    }

    /** Every line ends in {@code state}, except those listed in {@code special} by key. */
    private void answer(JobState state, Map<String, JobState> special, long notSubmitted, boolean byCost) {
        cli.batch.answer = lines -> {
            List<BatchReport.LineOutcome> outs = new ArrayList<>();
            List<BatchReport.InvalidLine> invalid = new ArrayList<>();
            for (ManifestLine l : lines) {
                if (l.parseError().isPresent()) {
                    invalid.add(new BatchReport.InvalidLine(l.lineNumber(), l.key(),
                            List.of(Violation.error("line " + l.lineNumber(), "", l.parseError().get()))));
                    continue;
                }
                JobState s = special.getOrDefault(l.key(), state);
                outs.add(outcome(l, s, false, s == JobState.FAILED ? "TASK_FAILED InternalError.Algo: boom" : null));
            }
            long valid = lines.size() - invalid.size();
            List<BatchReport.LineOutcome> ran = outs.subList(0, (int) (outs.size() - notSubmitted));
            long stored = ran.stream().filter(o -> o.state() == JobState.STORED).count();
            cli.batch.ended = List.copyOf(ran);
            return BatchReport.of(valid, invalid, List.copyOf(ran), stored, Money.cny("0.20").times(stored),
                    Money.cny("0.20").times(valid), false, byCost, notSubmitted);
        };
    }

    @Test
    @DisplayName("every line stored: exit 0, the spec carries the options and the manifest's absolute path as batch id")
    void allStored_exit0() throws IOException {
        Path m = manifest(3);
        answer(JobState.STORED, Map.of(), 0, false);

        Cli.Run run = cli.run("batch", m.toString(), "--concurrency", "2", "--rps", "0.5", "--max-cost", "12.5CNY", "--force",
                "--timeout", "90m", "--region", "singapore", "--qps", "40");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(cli.batch.spec.batchId()).isEqualTo(m.toAbsolutePath().normalize().toString());
        assertThat(cli.batch.spec.concurrency().getAsInt()).isEqualTo(2);
        assertThat(cli.batch.spec.submitsPerSecond().getAsDouble()).isEqualTo(0.5);
        assertThat(cli.batch.spec.maxCost()).contains(new Money(new BigDecimal("12.5"), "CNY"));
        assertThat(cli.batch.spec.force()).isTrue();
        assertThat(cli.batch.spec.strict()).isFalse();
        assertThat(cli.batch.spec.deadline()).isEqualTo(Duration.ofMinutes(90));
        assertThat(cli.batch.spec.queriesPerSecond().getAsDouble()).isEqualTo(40.0);
        assertThat(cli.batch.lines).hasSize(3).allMatch(l -> l.edit().orElseThrow().region() == Region.SINGAPORE);
        assertThat(run.out()).contains("3 lines, 3 valid").contains("STORED").contains("Images stored: 3").contains("0.60 CNY");
    }

    @Test
    @DisplayName("--json: one document with lines, invalid lines, outcomes, images, cost and flags; exit 6 when a line failed")
    void json_document() throws IOException {
        Path m = manifest(3);
        Files.writeString(m, "{\"id\":\"bad\",\"model\":\"wan2.5-i2i-preview\",\"n\":\"x\"}\n", java.nio.file.StandardOpenOption.APPEND);
        answer(JobState.STORED, Map.of("sku-2", JobState.FAILED), 0, false);

        Cli.Run run = cli.run("batch", m.toString(), "--json", "--batch-id", "catalog-2026");

        assertThat(run.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        JsonNode doc = run.json();
        assertThat(doc.get("batch_id").asText()).isEqualTo("catalog-2026");
        assertThat(doc.get("lines").get("total").asInt()).isEqualTo(4);
        assertThat(doc.get("lines").get("valid").asInt()).isEqualTo(3);
        assertThat(doc.get("lines").get("invalid").asInt()).isEqualTo(1);
        assertThat(doc.get("invalid").get(0).get("line").asInt()).isEqualTo(4);
        assertThat(doc.get("invalid").get(0).get("key").asText()).isEqualTo("bad");
        assertThat(doc.get("invalid").get(0).get("violations").get(0).get("rule").asText()).contains("\"n\"");
        assertThat(doc.get("outcomes")).hasSize(3);
        JsonNode failed = doc.get("outcomes").get(1);
        assertThat(failed.get("key").asText()).isEqualTo("sku-2");
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asText()).contains("boom");
        assertThat(JobId.isValid(failed.get("job_id").asText())).isTrue();
        assertThat(doc.get("outcomes").get(0).get("failure").isNull()).isTrue();
        assertThat(doc.get("images_stored").asInt()).isEqualTo(2);
        assertThat(doc.get("cost").get("actual").decimalValue()).isEqualByComparingTo("0.40");
        assertThat(doc.get("cost").get("estimated").decimalValue()).isEqualByComparingTo("0.60");
        assertThat(doc.get("cost").get("currency").asText()).isEqualTo("CNY");
        assertThat(doc.get("refused").asBoolean()).isFalse();
        assertThat(doc.get("stopped_by_cost").asBoolean()).isFalse();
        assertThat(doc.get("not_submitted").asInt()).isZero();
        assertThat(doc.get("exit_code").asInt()).isEqualTo(6);
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("exit codes: partial 6; unfinished beats failed (7); stopped by --max-cost 7; refused 3; nothing valid 3")
    void exitCodes() {
        ManifestLine l = ManifestLine.unreadable(1, "x");
        Money z = Money.zero("CNY");
        BatchReport.LineOutcome stored = outcome(l, JobState.STORED, false, null);
        BatchReport.LineOutcome partial = outcome(l, JobState.STORED, true, null);
        BatchReport.LineOutcome failed = outcome(l, JobState.FAILED, false, "f");
        BatchReport.LineOutcome running = outcome(l, JobState.RUNNING, false, null);
        BatchReport.InvalidLine bad = new BatchReport.InvalidLine(2, "line-2", List.of(Violation.error("n", "x", "bad")));

        assertThat(BatchCommand.exitCode(BatchReport.of(1, List.of(bad), List.of(stored), 1, z, z, false, false, 0))).isZero();
        assertThat(BatchCommand.exitCode(BatchReport.of(2, List.of(), List.of(stored, partial), 1, z, z, false, false, 0)))
                .isEqualTo(6);
        assertThat(BatchCommand.exitCode(BatchReport.of(3, List.of(), List.of(failed, running, stored), 1, z, z, false, false, 0)))
                .isEqualTo(7);
        assertThat(BatchCommand.exitCode(BatchReport.of(3, List.of(), List.of(stored), 1, z, z, false, true, 2))).isEqualTo(7);
        assertThat(BatchCommand.exitCode(BatchReport.of(3, List.of(bad), List.of(), 0, z, z, true, false, 3))).isEqualTo(3);
        assertThat(BatchCommand.exitCode(BatchReport.of(0, List.of(bad), List.of(), 0, z, z, false, false, 0))).isEqualTo(3);
    }

    @Test
    @DisplayName("text: invalid lines on stderr with line numbers, failures with reasons, what is left and how to finish it")
    void text_summary() throws IOException {
        Path m = manifest(4);
        Files.writeString(m, "{\"id\":\"bad\",\"model\":\"wan2.5-i2i-preview\",\"promt\":\"x\"}\n", java.nio.file.StandardOpenOption.APPEND);
        answer(JobState.STORED, Map.of("sku-2", JobState.FAILED, "sku-3", JobState.RUNNING), 1, true);

        Cli.Run run = cli.run("batch", m.toString(), "--max-cost", "1");

        assertThat(run.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("line 5 (bad):").contains("unknown field").contains("\"promt\"");
        assertThat(run.out()).contains("5 lines, 4 valid, 1 invalid (skipped)")
                .contains("line 2 (sku-2)").contains("boom")
                .contains("Not submitted: 1").contains("--max-cost 1.00 CNY")
                .contains("Unfinished: 1").contains("wanedit resume");
    }

    @Test
    @DisplayName("--json lists every line from a temporary spool, in the order they ended, and removes the spool")
    void json_everyLineFromTheSpool() throws IOException {
        Path m = manifest(2_500);
        Map<String, JobState> failing = new java.util.HashMap<>();
        for (int i = 1; i <= 2_500; i += 2) {
            failing.put("sku-" + i, JobState.FAILED);
        }
        answer(JobState.STORED, failing, 0, false);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<Long> spools = () -> {
            try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
                String ours = "wanedit-batch-" + ProcessHandle.current().pid() + "-"; // other processes' spools are theirs
                return files.filter(f -> f.getFileName().toString().startsWith(ours)).count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        long before = spools.get();

        Cli.Run run = cli.run("batch", m.toString(), "--json");

        assertThat(run.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        JsonNode outcomes = run.json().get("outcomes");
        assertThat(outcomes).hasSize(2_500);
        for (int i = 0; i < 2_500; i++) {
            assertThat(outcomes.get(i).get("line").asInt()).isEqualTo(i + 1);
            assertThat(outcomes.get(i).get("state").asText()).isEqualTo(i % 2 == 0 ? "FAILED" : "STORED");
        }
        assertThat(spools.get()).as("the spool is deleted").isEqualTo(before);
    }

    @Test
    @DisplayName("text: more failures than the summary lists are counted, including those the report did not keep")
    void text_manyFailures_areCounted() throws IOException {
        Path m = manifest(1_200);
        answer(JobState.FAILED, Map.of(), 0, false);

        Cli.Run run = cli.run("batch", m.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(run.out()).contains("line 1 (sku-1)").contains("line 20 (sku-20)").doesNotContain("line 21 (sku-21)")
                .contains("... and 1180 more (--json lists every line)");
    }

    @Test
    @DisplayName("--quiet prints one line per outcome (key, job, state) and nothing else on stdout")
    void quiet() throws IOException {
        Path m = manifest(2);
        answer(JobState.STORED, Map.of(), 0, false);

        Cli.Run run = cli.run("batch", m.toString(), "-q");

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2).allMatch(s -> s.matches("sku-\\d\t\\S+\tSTORED"));
    }

    @Test
    @DisplayName("progress is drawn only on a terminal and never with --json; it shows counts, images, cost and ETA")
    void progress_onlyOnATerminal() throws IOException {
        Path m = manifest(1);
        answer(JobState.STORED, Map.of(), 0, false);
        Map<JobState, Long> states = new EnumMap<>(JobState.class);
        states.put(JobState.RUNNING, 2L);
        states.put(JobState.STORED, 5L);
        cli.batch.progress = List.of(new BatchProgress(10, 7, states, 5, Money.cny("1.00"), Duration.ofSeconds(65),
                Optional.of(Duration.ofSeconds(130))));

        Cli.Run plain = cli.run("batch", m.toString());
        cli.interactive = true;
        Cli.Run json = cli.run("batch", m.toString(), "--json");
        Cli.Run terminal = cli.run("batch", m.toString());

        assertThat(plain.out()).doesNotContain("\r");
        assertThat(json.out()).doesNotContain("\r");
        json.json();
        assertThat(terminal.out()).contains("\r  7/10 submitted  RUNNING 2 STORED 5 | 5 images | 1.00 CNY | 1m05s, about 2m10s left");
    }

    @Test
    @DisplayName("usage: a missing manifest is exit 3, a bad --max-cost or --concurrency exit 2; interrupted is 130")
    void errors() throws IOException {
        Path m = manifest(1);
        answer(JobState.STORED, Map.of(), 0, false);

        assertThat(cli.run("batch", dir.resolve("nope.jsonl").toString()).exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        Cli.Run missingJson = cli.run("batch", dir.resolve("nope.jsonl").toString(), "--json");
        assertThat(missingJson.json().get("error").get("message").asText()).contains("no such file");
        assertThat(cli.run("batch", m.toString(), "--max-cost", "lots").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("batch", m.toString(), "--concurrency", "0").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("batch", m.toString(), "--qps", "-1").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("batch").exit()).isEqualTo(ExitCodes.USAGE);
        cli.batch.interrupt = true;
        Cli.Run interrupted = cli.run("batch", m.toString());
        assertThat(interrupted.exit()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(interrupted.err()).contains("wanedit resume");
    }
}
