package dev.wanedit.application.port.in.value;

import java.util.stream.Stream;

/**
 * A batch manifest that can be read (streamed) more than once: once to validate every line before
 * anything is submitted, once to run. Each stream must be closed.
 */
@FunctionalInterface
public interface ManifestSource {

    Stream<ManifestLine> lines();
}
