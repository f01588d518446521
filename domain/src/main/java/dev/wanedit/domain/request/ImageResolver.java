package dev.wanedit.domain.request;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads what an image reference names (a local path, an http(s) URL, a {@code data:} URI or
 * {@code oss://bucket/key}), as far as the rules need: outside the domain, which does no I/O.
 * The application's validation implements it with its input ports; {@link EditRequestDraft#resolveImages}
 * calls it once per reference, with the field the reference is reported under.
 */
@FunctionalInterface
public interface ImageResolver {

    /**
     * The input a reference names.
     *
     * @param field where the reference stands ({@code images[0]}, {@code base_image}, {@code mask})
     * @param reference the reference as the user gave it
     * @param mask whether it is the mask (read as one: its tones)
     * @param problems takes the violation of {@code field} that says why it cannot be read
     * @return the input, or empty when it cannot be read (after telling {@code problems} why)
     */
    Optional<ImageInput> resolve(String field, String reference, boolean mask, Consumer<Violation> problems);
}
