package dev.wanedit.adapter.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of everything wanedit prints. The adapters already mask them; this is the
 * last line of defence for text that came from elsewhere (service messages, request previews,
 * a key mistakenly typed as an option).
 */
final class Redaction {

    /** DashScope keys look like {@code sk-} followed by letters and digits. */
    private static final Pattern KEY = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{6,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)(?!\\*{4})[A-Za-z0-9._~+/=\\-]+");

    private Redaction() {
    }

    static String redact(String text) {
        if (text == null) {
            return null;
        }
        return KEY.matcher(BEARER.matcher(text).replaceAll("$1****")).replaceAll("sk-****");
    }

    /** A header value fit to print: credentials masked whole. */
    static String header(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("authorization") || n.contains("api-key") || n.contains("token") || n.contains("secret")) {
            return value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer ****" : "****";
        }
        return redact(value);
    }
}
