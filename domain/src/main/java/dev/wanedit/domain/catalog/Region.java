package dev.wanedit.domain.catalog;

import java.util.Arrays;
import java.util.Locale;

/**
 * A Model Studio region. API keys are bound to one region and the endpoints differ
 * (seed 000: "The Beijing and Singapore regions have separate API keys and request endpoints").
 */
public enum Region {
    /** China (Beijing), {@code dashscope.aliyuncs.com}. */
    BEIJING("beijing", "cn-beijing"),
    /** International (Singapore), {@code dashscope-intl.aliyuncs.com}. */
    SINGAPORE("singapore", "ap-southeast-1");

    private final String id;
    private final String cloudRegion;

    Region(String id, String cloudRegion) {
        this.id = id;
        this.cloudRegion = cloudRegion;
    }

    /** The short name users type: {@code beijing} or {@code singapore}. */
    public String id() {
        return id;
    }

    /** The Alibaba Cloud region id, e.g. {@code cn-beijing}. */
    public String cloudRegion() {
        return cloudRegion;
    }

    /** Parses {@code beijing}, {@code singapore} or a cloud region id, ignoring case. */
    public static Region parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(r -> r.id.equals(t) || r.cloudRegion.equals(t) || r.name().equalsIgnoreCase(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "region \"" + text + "\" is not one of beijing, singapore"));
    }
}
