package dev.wanedit.bootstrap.logging;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Hides secrets in any text about to be logged or printed: the configured API keys wherever they
 * appear, bearer tokens, and anything shaped like a DashScope key ({@code sk-…}).
 */
public final class Secrets {

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final Pattern KEY_SHAPE = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{6,}");
    private static final Set<String> KNOWN = new CopyOnWriteArraySet<>();

    private Secrets() {
    }

    /** Registers secret values (the API keys) so that they are masked wherever they appear. */
    public static void register(Collection<String> secrets) {
        secrets.stream().filter(s -> s != null && s.length() >= 4).forEach(KNOWN::add);
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : KNOWN) {
            out = out.replace(s, "****");
        }
        out = BEARER.matcher(out).replaceAll("$1****");
        return KEY_SHAPE.matcher(out).replaceAll("sk-****");
    }
}
