package dev.wanedit.domain.job;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the service reports it used: successful images (the billed quantity), and for wan2.7 the
 * output size and token counts.
 */
public record Usage(int imageCount, Optional<String> size, OptionalInt inputTokens, OptionalInt outputTokens) {

    public Usage {
        if (imageCount < 0) {
            throw new IllegalArgumentException("imageCount must not be negative");
        }
        size = size == null ? Optional.empty() : size;
        inputTokens = inputTokens == null ? OptionalInt.empty() : inputTokens;
        outputTokens = outputTokens == null ? OptionalInt.empty() : outputTokens;
    }

    public static Usage images(int count) {
        return new Usage(count, Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }
}
