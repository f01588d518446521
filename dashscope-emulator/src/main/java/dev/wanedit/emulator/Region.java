package dev.wanedit.emulator;

/**
 * A DashScope region. One emulator instance serves one region, as the real hosts do:
 * {@code dashscope.aliyuncs.com} (Beijing) and {@code dashscope-intl.aliyuncs.com} (Singapore).
 */
public enum Region {
    /** China (Beijing), {@code cn-beijing}. Offers all four models. */
    BEIJING("cn-beijing", "sk-emulator-beijing"),
    /** International (Singapore), {@code ap-southeast-1}. Does not offer wanx2.1-imageedit. */
    SINGAPORE("ap-southeast-1", "sk-emulator-singapore");

    private final String id;
    private final String defaultApiKey;

    Region(String id, String defaultApiKey) {
        this.id = id;
        this.defaultApiKey = defaultApiKey;
    }

    /** The region id as the task list reports it, e.g. {@code cn-beijing}. */
    public String id() {
        return id;
    }

    /** The emulator's default API key for this region; safe to print. */
    public String defaultApiKey() {
        return defaultApiKey;
    }

    /** Parses {@code beijing}, {@code singapore} or a region id, case-insensitively. */
    public static Region parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (Region r : values()) {
            if (t.equals(r.name().toLowerCase(java.util.Locale.ROOT)) || t.equals(r.id)) {
                return r;
            }
        }
        if (t.equals("intl") || t.equals("international")) {
            return SINGAPORE;
        }
        throw new IllegalArgumentException("unknown region '" + text + "' (expected beijing or singapore)");
    }
}
