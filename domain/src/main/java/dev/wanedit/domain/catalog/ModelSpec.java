package dev.wanedit.domain.catalog;

import dev.wanedit.domain.request.CountRules;
import dev.wanedit.domain.request.ImageRules;
import dev.wanedit.domain.request.SizeRules;
import dev.wanedit.domain.request.TextRules;
import dev.wanedit.domain.request.Violation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the documents say about one model: its wire family, regions, input rules, text
 * limits, size rules, output count, functions, prices and limits. Built only by {@link ModelCatalog}.
 *
 * @param typicalDuration the documented typical time from submission to result, used to choose
 *     the first poll delay
 */
public record ModelSpec(String id, WireFamily wireFamily, Set<Region> regions, ImageRules images,
                        TextRules text, SizeRules size, CountRules count, Set<Feature> features,
                        Set<EditFunction> functions, Map<Region, Money> prices, Optional<Limits> limits,
                        Duration typicalDuration) {

    public ModelSpec {
        regions = Set.copyOf(regions);
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        functions = Set.copyOf(functions);
        prices = Map.copyOf(prices);
    }

    public boolean offeredIn(Region region) {
        return regions.contains(region);
    }

    public boolean supports(Feature feature) {
        return features.contains(feature);
    }

    /** The violation of asking this model for a synchronous call, if it has none (only wan2.7 answers in one call). */
    public Optional<Violation> synchronousCallViolation() {
        return supports(Feature.SYNC_CALL) ? Optional.empty()
                : Optional.of(Violation.error("sync", "", id + " has no synchronous call; only wan2.7 models answer in one call"));
    }

    /** Price of one successful output image in a region. */
    public Optional<Money> pricePerImage(Region region) {
        return Optional.ofNullable(prices.get(region));
    }

    @Override
    public String toString() {
        return id;
    }
}
