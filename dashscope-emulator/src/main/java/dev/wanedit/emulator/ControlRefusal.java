package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/** A control-API error: status, a code and a message. */
final class ControlRefusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final transient JsonNode detail;

    ControlRefusal(int status, String code, String message) {
        this(status, code, message, null);
    }

    ControlRefusal(int status, String code, String message, JsonNode detail) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    /** A request body that must be a JSON object. */
    static JsonNode jsonBody(byte[] body) throws ControlRefusal {
        try {
            JsonNode json = body.length == 0 ? null : Router.JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new ControlRefusal(400, "InvalidParameter", "The body must be a JSON object.");
            }
            return json;
        } catch (IOException e) {
            throw new ControlRefusal(400, "InvalidParameter", "The body is not valid JSON.");
        }
    }

    /** A whole-number query parameter within [min, max]. */
    static int intParam(Map<String, String> q, String name, int min, int max) throws ControlRefusal {
        try {
            int v = Integer.parseInt(q.get(name));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ControlRefusal(400, "InvalidParameter", name + ": a whole number from " + min + " to " + max + ", got '"
                + q.get(name) + "'");
    }
}
