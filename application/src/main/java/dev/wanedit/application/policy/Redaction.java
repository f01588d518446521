package dev.wanedit.application.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What wanedit never prints or logs, in one place: anything shaped like a DashScope API key
 * ({@code sk-…}), bearer tokens, the user info of a URL ({@code http://user:***@host}: a proxy
 * password given in {@code --endpoint} or an input URL), and the signature and credential
 * parameters of signed URLs ({@code Signature=***}). The command line masks every message,
 * {@code --json} document and {@code --verbose} stack trace with it; bootstrap's log layout masks
 * every log line and logged stack trace with it, after hiding the configured keys themselves; the
 * DashScope adapter masks service messages with it.
 *
 * <p>Pure text, no state: the configured keys, which need not be shaped like {@code sk-…}, are
 * added on top by whoever knows them (bootstrap).
 */
public final class Redaction {

    /** DashScope keys look like {@code sk-} followed by letters and digits. */
    private static final Pattern KEY = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{4,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)(?!\\*{4})[A-Za-z0-9._~+/=\\-]+");
    /** {@code scheme://user:password@} or {@code scheme://token@}; the authority ends at the first / ? # or space. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)([^/?#@\\s:\"'<>]*)(:[^/?#@\\s\"'<>]*)?@");
    /** Query parameters of signed URLs (OSS, S3-style, tokens) whose values are credentials. */
    private static final Pattern SIGNED_QUERY = Pattern.compile("(?i)([?&](?:signature|x-oss-signature|x-oss-credential"
            + "|x-oss-security-token|security-token|ossaccesskeyid|accesskeyid|x-amz-signature|x-amz-credential"
            + "|x-amz-security-token|access_token|token|api[-_]?key|sig)=)[^&#\\s\"'<>]+");

    private Redaction() {
    }

    /** The text with every secret shape masked; {@code null} stays {@code null}. Idempotent. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = KEY.matcher(BEARER.matcher(text).replaceAll("$1****")).replaceAll("sk-****");
        out = userInfo(out);
        return SIGNED_QUERY.matcher(out).replaceAll("$1***");
    }

    /** A header value fit to print: credentials masked whole. */
    public static String header(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("authorization") || n.contains("api-key") || n.contains("token") || n.contains("secret")) {
            return value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer ****" : "****";
        }
        return redact(value);
    }

    private static String userInfo(String text) {
        Matcher m = USER_INFO.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        do {
            String user = m.group(2);
            String replacement = m.group(3) == null || user.isEmpty()
                    ? m.group(1) + "***@" // a lone token before @ is the secret itself
                    : m.group(1) + user + ":***@";
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(b);
        return b.toString();
    }
}
