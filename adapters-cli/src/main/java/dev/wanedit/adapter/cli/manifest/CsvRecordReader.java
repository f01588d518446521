package dev.wanedit.adapter.cli.manifest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV manifest (RFC 4180: quoted fields with doubled quotes and line breaks
 * inside quotes), one at a time, each with the line it starts on. Jackson's CSV data format reads
 * the fields; this class only cuts the text into records first (a record ends at a line break
 * outside quotes, so at an even count of quote characters), so that a malformed record is
 * reported with its line and the next one is read as usual.
 */
public final class CsvRecordReader {

    private static final CsvMapper CSV = new CsvMapper();

    /** One record and the line it starts on (1-based). */
    public record Record(long line, List<String> cells) {
        boolean isBlank() {
            return cells.isEmpty() || cells.size() == 1 && cells.get(0).isBlank();
        }
    }

    /** A record that is not valid CSV; the message says why. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;

        Malformed(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final BufferedReader reader;
    private long line;

    public CsvRecordReader(BufferedReader reader) {
        this.reader = reader;
    }

    /**
     * The next record, or null at the end of the file.
     *
     * @throws Malformed naming what is wrong, with the record's first line
     */
    public Record next() {
        String text = readLine();
        if (text == null) {
            return null;
        }
        line++;
        if (line == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        long start = line;
        StringBuilder record = new StringBuilder(text);
        long quotes = quotes(text);
        while (quotes % 2 != 0) {
            String more = readLine();
            if (more == null) {
                throw new Malformed(start, "a quoted field is not closed before the end of the file");
            }
            line++;
            record.append('\n').append(more);
            quotes += quotes(more);
        }
        return new Record(start, cells(start, record.toString()));
    }

    private static List<String> cells(long start, String record) {
        List<String> cells = new ArrayList<>();
        try (CsvParser p = (CsvParser) CSV.getFactory().createParser(record)) {
            p.setSchema(CsvSchema.emptySchema()); // no header handling here: the reader names the columns
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return cells;
            }
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                cells.add(p.getText());
            }
            return cells;
        } catch (JsonParseException e) {
            String why = e.getOriginalMessage();
            throw new Malformed(start, why.contains("Expected column separator")
                    ? "text after a closing quote in field " + (cells.size() + 1)
                    : "not valid CSV in field " + (cells.size() + 1) + ": " + why);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest", e);
        }
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '"').count();
    }

    private String readLine() {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest", e);
        }
    }
}
