package dev.wanedit.adapter.cli.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.application.files.RegularFiles;
import dev.wanedit.application.port.in.EditCommand;
import dev.wanedit.application.port.in.InvalidInput;
import dev.wanedit.application.port.in.ManifestLine;
import dev.wanedit.application.port.in.ManifestSource;
import dev.wanedit.domain.BoundingBox;
import dev.wanedit.domain.ImageInput;
import dev.wanedit.domain.Region;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
     * @throws dev.wanedit.application.port.in.InvalidInput when the file does not exist or cannot be read
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
        return toLine(number, new JsonFields(fields));
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
                return toLine(r.line(), new CsvFields(cells));
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

    /** Why one field could not be read; the message names the field. */
    private static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(String field, String problem) {
            super("field \"" + field + "\": " + problem);
        }
    }

    /** The fields of one line, typed the way each format writes them. */
    private interface Fields {
        Set<String> names();

        String text(String name);

        List<String> list(String name);

        Map<String, String> map(String name);

        Long integer(String name);

        Boolean bool(String name);

        List<List<BoundingBox>> boxes(String name);
    }

    private ManifestLine toLine(long number, Fields f) {
        String id = null;
        try {
            id = f.text("id");
            for (String name : f.names()) {
                if (!FIELDS.contains(name)) {
                    throw new BadField(name, "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
                }
            }
            String model = f.text("model");
            if (model == null || model.isBlank()) {
                throw new BadField("model", "missing; every line names its model (`wanedit models` lists them)");
            }
            EditCommand.Builder b = EditCommand.builder(model.strip()).region(region)
                    .prompt(f.text("prompt"))
                    .negativePrompt(f.text("negative_prompt"))
                    .function(f.text("function"))
                    .size(f.text("size"))
                    .watermark(f.bool("watermark"))
                    .promptExtend(f.bool("prompt_extend"))
                    .sequential(f.bool("sequential"));
            Long n = f.integer("n");
            if (n != null && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                throw new BadField("n", n + " is out of range");
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
            return ManifestLine.of(number, id, b.build());
        } catch (BadField e) {
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

    /** JSON Lines: typed JSON values. */
    private static final class JsonFields implements Fields {
        private final Map<String, JsonNode> fields;

        JsonFields(Map<String, JsonNode> fields) {
            this.fields = fields;
        }

        private JsonNode get(String name) {
            JsonNode n = fields.get(name);
            return n == null || n.isNull() ? null : n;
        }

        @Override
        public Set<String> names() {
            return fields.keySet();
        }

        @Override
        public String text(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isNumber() && name.equals("id")) {
                return n.asText();
            }
            throw new BadField(name, "must be a string, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }

        @Override
        public List<String> list(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isTextual()) {
                return List.of(n.asText());
            }
            return strings(name, n);
        }

        @Override
        public Map<String, String> map(String name) {
            JsonNode n = get(name);
            return n == null ? null : objectOfScalars(name, n);
        }

        @Override
        public Long integer(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return n.asLong();
            }
            if (n.isTextual()) {
                return parseLong(name, n.asText());
            }
            throw new BadField(name, "must be a whole number, got " + n);
        }

        @Override
        public Boolean bool(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            if (n.isTextual()) {
                return parseBool(name, n.asText());
            }
            throw new BadField(name, "must be true or false, got " + n);
        }

        @Override
        public List<List<BoundingBox>> boxes(String name) {
            JsonNode n = get(name);
            return n == null ? null : boxesOf(name, n);
        }
    }

    /** CSV: every cell is text; JSON is accepted in cells that start with [ or {. */
    private static final class CsvFields implements Fields {
        private final Map<String, String> cells;

        CsvFields(Map<String, String> cells) {
            this.cells = cells;
        }

        @Override
        public Set<String> names() {
            return cells.keySet();
        }

        @Override
        public String text(String name) {
            return cells.get(name);
        }

        private JsonNode json(String name, String cell) {
            try {
                return JSON.readTree(cell);
            } catch (JsonProcessingException e) {
                throw new BadField(name, "starts like JSON but is not: " + e.getOriginalMessage());
            }
        }

        private static boolean looksLikeJson(String cell) {
            String s = cell.strip();
            return s.startsWith("[") || s.startsWith("{");
        }

        @Override
        public List<String> list(String name) {
            String cell = cells.get(name);
            if (cell == null) {
                return null;
            }
            if (looksLikeJson(cell)) {
                return strings(name, json(name, cell));
            }
            List<String> out = new ArrayList<>();
            for (String part : cell.split("\\|", -1)) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }

        @Override
        public Map<String, String> map(String name) {
            String cell = cells.get(name);
            if (cell == null) {
                return null;
            }
            if (looksLikeJson(cell)) {
                return objectOfScalars(name, json(name, cell));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : cell.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new BadField(name, "\"" + pair.strip() + "\" is not key=value (pairs are separated by ';')");
                }
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return out;
        }

        @Override
        public Long integer(String name) {
            String cell = cells.get(name);
            return cell == null ? null : parseLong(name, cell);
        }

        @Override
        public Boolean bool(String name) {
            String cell = cells.get(name);
            return cell == null ? null : parseBool(name, cell);
        }

        @Override
        public List<List<BoundingBox>> boxes(String name) {
            String cell = cells.get(name);
            if (cell == null) {
                return null;
            }
            if (cell.strip().startsWith("[")) {
                return boxesOf(name, json(name, cell));
            }
            List<List<BoundingBox>> out = new ArrayList<>();
            for (String perImage : cell.split("\\|", -1)) {
                out.add(boxList(name, perImage));
            }
            return out;
        }
    }

    private static List<String> strings(String name, JsonNode n) {
        if (!n.isArray()) {
            throw new BadField(name, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new BadField(name, "must be an array of strings, got " + e);
            }
            out.add(e.asText());
        }
        return out;
    }

    private static Map<String, String> objectOfScalars(String name, JsonNode n) {
        if (!n.isObject()) {
            throw new BadField(name, "must be an object of parameter names and values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((ObjectNode) n).fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new BadField(name + "." + e.getKey(), "must be a number, string or boolean");
            }
            out.put(e.getKey(), v.asText());
        });
        return out;
    }

    /** {@code [[[x1,y1,x2,y2], …], …]} or {@code ["x1,y1,x2,y2;…", …]}: one entry per input image. */
    private static List<List<BoundingBox>> boxesOf(String name, JsonNode n) {
        if (n.isTextual()) {
            List<List<BoundingBox>> out = new ArrayList<>();
            for (String perImage : n.asText().split("\\|", -1)) {
                out.add(boxList(name, perImage));
            }
            return out;
        }
        if (!n.isArray()) {
            throw new BadField(name, "must be an array with one list of [x1,y1,x2,y2] boxes per input image");
        }
        List<List<BoundingBox>> out = new ArrayList<>();
        int image = 0;
        for (JsonNode perImage : n) {
            String field = name + "[" + image + "]";
            if (perImage.isTextual()) {
                out.add(boxList(field, perImage.asText()));
            } else if (perImage.isArray()) {
                List<BoundingBox> boxes = new ArrayList<>();
                for (JsonNode box : perImage) {
                    if (!box.isArray() || box.size() != 4 || !allIntegers(box)) {
                        throw new BadField(field, "each box must be [x1,y1,x2,y2] in whole pixels, got " + box);
                    }
                    try {
                        boxes.add(new BoundingBox(box.get(0).asInt(), box.get(1).asInt(), box.get(2).asInt(), box.get(3).asInt()));
                    } catch (IllegalArgumentException e) {
                        throw new BadField(field, e.getMessage());
                    }
                }
                out.add(boxes);
            } else {
                throw new BadField(field, "must be a list of [x1,y1,x2,y2] boxes");
            }
            image++;
        }
        return out;
    }

    private static boolean allIntegers(JsonNode box) {
        for (JsonNode v : box) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                return false;
            }
        }
        return true;
    }

    private static List<BoundingBox> boxList(String name, String text) {
        try {
            return BoundingBox.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new BadField(name, e.getMessage());
        }
    }

    private static Long parseLong(String name, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadField(name, "\"" + text + "\" is not a whole number");
        }
    }

    private static Boolean parseBool(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new BadField(name, "\"" + text + "\" is not true or false");
        };
    }
}
