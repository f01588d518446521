package dev.wanedit.bootstrap;

import dev.wanedit.domain.Region;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * API keys per region. Keys are region-bound (seed 000), so a per-region key wins over the
 * generic {@code DASHSCOPE_API_KEY}. Never printed: {@link #toString()} shows only which regions
 * have a key.
 */
public final class ApiKeys {

    private final Map<Region, String> keys;

    public ApiKeys(Map<Region, String> keys) {
        this.keys = keys.isEmpty() ? new EnumMap<>(Region.class) : new EnumMap<>(keys);
        this.keys.values().removeIf(v -> v == null || v.isBlank());
    }

    public Optional<String> forRegion(Region region) {
        return Optional.ofNullable(keys.get(region));
    }

    public boolean has(Region region) {
        return keys.containsKey(region);
    }

    /** Every key value, so that log masking can hide them wherever they appear. */
    public java.util.Collection<String> secrets() {
        return java.util.List.copyOf(keys.values());
    }

    @Override
    public String toString() {
        return "ApiKeys" + keys.keySet();
    }
}
