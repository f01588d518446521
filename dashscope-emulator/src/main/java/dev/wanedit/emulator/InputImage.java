package dev.wanedit.emulator;

import java.awt.image.BufferedImage;

/**
 * An input image as the emulator read it: its real format and dimensions, and a small preview
 * (at most 512 px on the longer side) used to compose the result; the preview is null for WEBP,
 * which the JDK cannot decode.
 */
record InputImage(String source, String format, int width, int height, long bytes, boolean hasAlpha, BufferedImage preview) {
    double aspect() {
        return (double) width / height;
    }
}
