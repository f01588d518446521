package dev.wanedit.adapter.dashscope;

import dev.wanedit.domain.catalog.Region;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API key of each region (keys are region-bound: seed 000, protocol §3). The keys are never
 * shown: {@link #toString()} lists only the regions that have one.
 */
public final class ApiKeys {

    private final Function<Region, Optional<String>> lookup;

    private ApiKeys(Function<Region, Optional<String>> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /** Keys looked up on every call (e.g. from the environment or a file read by bootstrap). */
    public static ApiKeys from(Function<Region, Optional<String>> lookup) {
        return new ApiKeys(lookup);
    }

    /** Fixed keys per region. */
    public static ApiKeys of(Map<Region, String> keys) {
        Map<Region, String> copy = new EnumMap<>(Region.class);
        keys.forEach((r, k) -> {
            if (k != null && !k.isBlank()) {
                copy.put(r, k.trim());
            }
        });
        return new ApiKeys(r -> Optional.ofNullable(copy.get(r)));
    }

    /** One key for one region. */
    public static ApiKeys of(Region region, String key) {
        return of(Map.of(region, key));
    }

    /** No keys at all (every call fails as unauthorized; dry runs still work). */
    public static ApiKeys none() {
        return new ApiKeys(r -> Optional.empty());
    }

    /** The key for a region, if one is configured. */
    public Optional<String> forRegion(Region region) {
        return lookup.apply(region).map(String::trim).filter(k -> !k.isEmpty());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ApiKeys[");
        for (Region r : Region.values()) {
            b.append(r.id()).append(forRegion(r).isPresent() ? "=set" : "=unset");
            if (r.ordinal() < Region.values().length - 1) {
                b.append(", ");
            }
        }
        return b.append(']').toString();
    }
}
