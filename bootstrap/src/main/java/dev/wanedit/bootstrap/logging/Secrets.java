package dev.wanedit.bootstrap.logging;

import dev.wanedit.application.policy.Redaction;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Hides secrets in any text about to be logged or printed: the configured API keys wherever they
 * appear (they need not look like keys), then every shape {@link Redaction} knows (keys shaped
 * {@code sk-…}, bearer tokens, URL user info, signed-URL credentials). The log layout and the
 * command line's error output both use {@link #mask}, so a message and its {@code --verbose}
 * stack trace are masked alike.
 */
public final class Secrets {

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
        return Redaction.redact(out);
    }
}
