package dev.wanedit.adapter.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.application.policy.Redaction;
import dev.wanedit.application.port.in.value.BatchReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The outcomes of a batch's lines, written to a temporary file (owner-only, deleted on close) as
 * they end, so that {@code --json} can list every line of a manifest of any length without
 * holding them in memory. One JSON object per line, in the report's outcome shape; keys and
 * failure texts are redacted before they are written.
 */
public final class OutcomeSpool implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path file;
    private final BufferedWriter writer;
    private long count;

    public OutcomeSpool() {
        try {
            this.file = Files.createTempFile("wanedit-batch-" + ProcessHandle.current().pid() + "-", ".jsonl");
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the batch report in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    /** The JSON of one outcome: {@code {line, key, job_id, state, partial, failure}}. */
    public static ObjectNode json(ObjectMapper mapper, BatchReport.LineOutcome l) {
        ObjectNode o = mapper.createObjectNode();
        o.put("line", l.lineNumber());
        o.put("key", Redaction.redact(l.key()));
        o.put("job_id", l.job().value());
        o.put("state", l.state().name());
        o.put("partial", l.partial());
        o.put("failure", l.failure().map(Redaction::redact).orElse(null));
        return o;
    }

    public void add(BatchReport.LineOutcome outcome) {
        try {
            writer.write(mapper.writeValueAsString(json(mapper, outcome)));
            writer.newLine();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batch report's outcomes to " + file + ": " + e.getMessage(), e);
        }
    }

    public long count() {
        return count;
    }

    /** Reads every outcome back, in the order they were added. */
    public void forEach(Consumer<JsonNode> action) {
        try {
            writer.flush();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    action.accept(mapper.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch report's outcomes from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // the file is deleted below anyway
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
