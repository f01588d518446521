package dev.wanedit.adapter.cli.render;

import java.util.Optional;

/**
 * Where the sidecar of a stored result is, given the result's stored location. The journal keeps
 * the image location but not the sidecar's, so bootstrap supplies the result store's naming rule.
 */
@FunctionalInterface
public interface SidecarLocator {

    public Optional<String> sidecarOf(String storedLocation);

    /** No sidecars are reported. */
    public static SidecarLocator none() {
        return location -> Optional.empty();
    }

    /** Sidecars next to the image, named by appending {@code suffix} (e.g. {@code .json}). */
    public static SidecarLocator appending(String suffix) {
        return location -> Optional.of(location + suffix);
    }
}
