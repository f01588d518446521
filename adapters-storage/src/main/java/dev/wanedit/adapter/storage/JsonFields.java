package dev.wanedit.adapter.storage;

import com.fasterxml.jackson.databind.JsonNode;

/** Optional fields of the JSON the storage adapter reads back (request, sidecar, journal notes): absent or null is {@code null}. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static Boolean bool(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }
}
