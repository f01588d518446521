package dev.wanedit.adapter.cli.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.domain.request.BoundingBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one manifest line, typed the way each format writes them (JSON values, or CSV
 * cells in the CLI's syntax), for {@link ManifestReader}; a field that cannot be read throws
 * {@link BadField} naming it.
 */
final class ManifestFields {

    private ManifestFields() {
    }


    /** Why one field could not be read; the message names the field. */
    static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadField(String field, String problem) {
            super("field \"" + field + "\": " + problem);
        }
    }

    /** The fields of one line, typed the way each format writes them. */
    interface Fields {
        Set<String> names();

        String text(String name);

        List<String> list(String name);

        Map<String, String> map(String name);

        Long integer(String name);

        Boolean bool(String name);

        List<List<BoundingBox>> boxes(String name);
    }

    /** JSON Lines: typed JSON values. */
    static final class JsonFields implements Fields {
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
    static final class CsvFields implements Fields {
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
                return ManifestReader.JSON.readTree(cell);
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
