package dev.wanedit.adapter.web;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a location in OSS ({@code oss://bucket/key}, where the OSS result store puts results) into
 * a signed HTTPS link that works without credentials until it expires. The web adapter declares
 * it; bootstrap implements it with the storage adapter's presigner when OSS is configured.
 */
@FunctionalInterface
public interface SignedLinks {

    /** @return the signed link, or empty when this location cannot be signed here (no OSS configured) */
    Optional<SignedLink> sign(String ossUri);

    /** A link that stops working at {@code expiresAt}. */
    record SignedLink(URI url, Instant expiresAt) {
    }

    /** No OSS: nothing can be signed. */
    static SignedLinks none() {
        return uri -> Optional.empty();
    }
}
