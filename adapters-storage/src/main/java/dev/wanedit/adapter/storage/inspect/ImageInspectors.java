package dev.wanedit.adapter.storage.inspect;

import dev.wanedit.application.port.out.ImageInspector;

/** Public factory for code that needs an inspector without Guice (other adapters' tests, benchmarks). */
public final class ImageInspectors {

    private ImageInspectors() {
    }

    /** The header-only inspector; stateless and thread-safe. */
    public static ImageInspector headerOnly() {
        return new HeaderImageInspector();
    }
}
