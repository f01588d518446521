package dev.wanedit.adapter.cli.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.application.files.RegularFiles;
import dev.wanedit.application.port.in.value.InvalidInput;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A batch manifest on disk, streamed: {@link #lines()} opens the file anew each time and reads one
 * record at a time, so a manifest of any length needs constant memory.
 *
 * <p>Two formats, chosen by extension ({@code .jsonl}, {@code .ndjson}, {@code .json}: JSON Lines;
 * {@code .csv}: CSV) or, for any other name, by the first non-blank character ({@code {} means
 * JSON Lines):
 *
 * <ul>
 *   <li><b>JSON Lines</b>: one JSON object per line; blank lines are skipped.
 *       {@code images} is an array of strings, {@code params} an object, {@code bbox} an array with
 *       one entry per input image, each a list of {@code [x1,y1,x2,y2]} boxes (or the CLI's
 *       {@code "x1,y1,x2,y2;…"} string).</li>
 *   <li><b>CSV</b> (RFC 4180): a header row naming the fields, then one request per record; fields
 *       may be quoted ({@code "a, b"}, {@code ""} for a quote, line breaks inside quotes). An empty
 *       cell is "not given". {@code images} are separated by {@code |}; {@code params} are
 *       {@code key=value} pairs separated by {@code ;}; {@code bbox} is the CLI's syntax with
 *       images separated by {@code |}: {@code 10,10,200,200;300,40,420,160|} (two boxes on the first
 *       image, none on the second). A cell that starts with {@code [} or {@code {} is read as JSON
 *       instead, as in JSON Lines.</li>
 * </ul>
 *
 * <p>Fields: {@code id} (optional; identifies the line across runs), {@code model}, {@code images},
 * {@code mask}, {@code function}, {@code params}, {@code prompt}, {@code negative_prompt}, {@code n}
 * (default 1, as on the command line), {@code size}, {@code seed}, {@code watermark},
 * {@code prompt_extend}, {@code sequential}, {@code bbox}. Unknown fields are errors, so that a typo
 * does not silently change a paid request. Relative local paths in {@code images} and {@code mask}
 * are resolved against the manifest's folder. A line that cannot be read becomes
 * {@link ManifestLine#unreadable} with its line number (1-based; a CSV header is line 1) and a
 * reason naming the field.
 */
public final class ManifestReader implements ManifestSource {

    /** The manifest formats. */
    public enum Format { JSONL, CSV }

    public static final Set<String> FIELDS = Set.of("id", "model", "images", "mask", "function", "params", "prompt",
            "negative_prompt", "n", "size", "seed", "watermark", "prompt_extend", "sequential", "bbox");

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path folder;
    private final Format format;
    private final Region region;

    private ManifestReader(Path file, Format format, Region region) {
        this.file = file.toAbsolutePath().normalize();
        Path parent = this.file.getParent();
        this.folder = parent == null ? Path.of("").toAbsolutePath() : parent;
        this.format = format;
        this.region = region;
    }

    /**
     * A reader for a manifest file, its format from the extension or sniffed from its content.
     *
     * @throws dev.wanedit.application.port.in.value.InvalidInput when the file does not exist or cannot be read
     */
    public static ManifestReader open(Path file, Region region) {
        return open(file, region, null);
    }

    /** As {@link #open(Path, Region)}, with the format given ({@code null}: detect). */
    public static ManifestReader open(Path file, Region region, Format format) {
        java.util.Optional<String> problem = RegularFiles.problem(file);
        if (problem.isPresent()) {
            boolean special = problem.get().contains("not a regular file");
            throw new InvalidInput("manifest " + file + ": " + problem.get() + (special
                    ? "; batch reads its manifest twice (once to count and check the lines, then to run them), "
                    + "so a pipe or device cannot work: save the manifest to a file first" : ""));
        }
        return new ManifestReader(file, format != null ? format : detect(file), region);
    }

    /** The format by extension, else by the first non-blank character. */
    public static Format detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Format.JSONL;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) >= 0) {
                if (c == '\uFEFF' || Character.isWhitespace(c)) {
                    continue;
                }
                return c == '{' ? Format.JSONL : Format.CSV;
            }
        } catch (IOException e) {
            throw new InvalidInput("manifest " + file + " cannot be read: " + e.getMessage(), e);
        }
        return Format.JSONL;
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    @Override
    public Stream<ManifestLine> lines() {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open manifest " + file, e);
        }
        Iterator<ManifestLine> it = format == Format.JSONL ? new JsonLines(reader) : new CsvRecords(reader);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** An iterator that reads one line ahead: {@link #advance()} returns the next line, or null at the end. */
    private abstract static class LookAhead implements Iterator<ManifestLine> {
        private ManifestLine next;
        private boolean ended;

        abstract ManifestLine advance();

        @Override
        public final boolean hasNext() {
            if (next == null && !ended) {
                next = advance();
                ended = next == null;
            }
            return next != null;
        }

        @Override
        public final ManifestLine next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ManifestLine l = next;
            next = null;
            return l;
        }
    }

    // ------------------------------------------------------------------ JSON Lines

    /** One object per line; blank lines skipped. */
    private final class JsonLines extends LookAhead {
        private final BufferedReader reader;
        private long lineNumber;

        JsonLines(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        ManifestLine advance() {
            while (true) {
                String text = readLine(reader);
                if (text == null) {
                    return null;
                }
                lineNumber++;
                if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (!text.isBlank()) {
                    return parseJsonLine(lineNumber, text);
                }
            }
        }
    }

    public ManifestLine parseJsonLine(long number, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return ManifestLine.unreadable(number, "not a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return ManifestLine.unreadable(number, "not a JSON object");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return toLine(number, new ManifestFields.JsonFields(fields));
    }

    // ------------------------------------------------------------------ CSV

    /** RFC 4180 records after a header row; a record's number is the line it starts on. */
    private final class CsvRecords extends LookAhead {
        private final CsvRecordReader parser;
        private List<String> header;
        private String headerError;

        CsvRecords(BufferedReader reader) {
            this.parser = new CsvRecordReader(reader);
        }

        @Override
        ManifestLine advance() {
            while (true) {
                CsvRecordReader.Record r;
                try {
                    r = parser.next();
                } catch (CsvRecordReader.Malformed e) {
                    return ManifestLine.unreadable(e.line, e.getMessage());
                }
                if (r == null) {
                    return null;
                }
                if (r.isBlank()) {
                    continue;
                }
                if (header == null) {
                    header = readHeader(r);
                    continue;
                }
                if (headerError != null) {
                    return ManifestLine.unreadable(r.line(), headerError);
                }
                if (r.cells().size() > header.size()) {
                    return ManifestLine.unreadable(r.line(), "has " + r.cells().size() + " fields but the header names "
                            + header.size());
                }
                Map<String, String> cells = new LinkedHashMap<>();
                for (int i = 0; i < r.cells().size(); i++) {
                    if (!r.cells().get(i).isEmpty()) {
                        cells.put(header.get(i), r.cells().get(i));
                    }
                }
                return toLine(r.line(), new ManifestFields.CsvFields(cells));
            }
        }

        private List<String> readHeader(CsvRecordReader.Record r) {
            List<String> names = new ArrayList<>();
            for (String cell : r.cells()) {
                String name = cell.strip().toLowerCase(Locale.ROOT).replace('-', '_');
                if (!FIELDS.contains(name) && headerError == null) {
                    headerError = "the header names an unknown field \"" + cell + "\" (known: " + String.join(", ",
                            FIELDS.stream().sorted().toList()) + ")";
                }
                if (names.contains(name) && headerError == null) {
                    headerError = "the header names the field \"" + name + "\" twice";
                }
                names.add(name);
            }
            return names;
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest", e);
        }
    }

    // ------------------------------------------------------------------ fields to a command

    private ManifestLine toLine(long number, ManifestFields.Fields f) {
        String id = null;
        try {
            id = f.text("id");
            for (String name : f.names()) {
                if (!FIELDS.contains(name)) {
                    throw new ManifestFields.BadField(name, "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
                }
            }
            String model = f.text("model");
            if (model == null || model.isBlank()) {
                throw new ManifestFields.BadField("model", "missing; every line names its model (`wanedit models` lists them)");
            }
            EditRequestDraft b = EditRequest.draft(model.strip()).region(region)
                    .prompt(f.text("prompt"))
                    .negativePrompt(f.text("negative_prompt"))
                    .function(f.text("function"))
                    .size(f.text("size"))
                    .watermark(f.bool("watermark"))
                    .promptExtend(f.bool("prompt_extend"))
                    .sequential(f.bool("sequential"));
            Long n = f.integer("n");
            if (n != null && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                throw new ManifestFields.BadField("n", n + " is out of range");
            }
            b.n(n == null ? 1 : n.intValue());
            b.seed(f.integer("seed"));
            List<String> images = f.list("images");
            if (images != null) {
                images.forEach(i -> b.image(resolve(i)));
            }
            String mask = f.text("mask");
            b.mask(mask == null ? null : resolve(mask));
            Map<String, String> params = f.map("params");
            if (params != null) {
                params.forEach(b::param);
            }
            List<List<BoundingBox>> boxes = f.boxes("bbox");
            if (boxes != null) {
                b.boxes(boxes);
            }
            return ManifestLine.of(number, id, b);
        } catch (ManifestFields.BadField e) {
            return new ManifestLine(number, java.util.Optional.ofNullable(id), java.util.Optional.empty(),
                    java.util.Optional.of(e.getMessage()));
        }
    }

    /** A relative local path is relative to the manifest's folder; URLs, data: URIs and oss:// keys are kept. */
    public String resolve(String image) {
        String t = image.strip();
        if (t.isEmpty() || ImageInput.classify(t) != ImageInput.Kind.LOCAL || t.regionMatches(true, 0, "file:", 0, 5)) {
            return t;
        }
        try {
            Path p = Path.of(t);
            return p.isAbsolute() ? t : folder.resolve(p).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return t; // reported by validation as an unreadable image
        }
    }
}
