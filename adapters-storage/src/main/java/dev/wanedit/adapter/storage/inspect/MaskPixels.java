package dev.wanedit.adapter.storage.inspect;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.MaskTones;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Counts the black, white and other pixels of a mask ({@link MaskTones}): the one place wanedit
 * decodes input pixels. ImageIO reads PNG, JPEG, BMP and TIFF, TwelveMonkeys WebP. The decode is
 * bounded whatever the header claims: a large mask is read with source subsampling, an even grid of
 * at most {@link #MAX_SAMPLED} pixels (an estimate of the shares, never a full-size raster), and a
 * header claiming more than {@link #MAX_SIDE} pixels a side is not decoded at all (the size rules
 * refuse it anyway). A mask that cannot be decoded gets no tones, and so no grey-mask warning.
 */
final class MaskPixels {

    static final long MAX_SAMPLED = 1_000_000;
    static final int MAX_SIDE = 16_384;

    private MaskPixels() {
    }

    /** The facts with the mask's tones added, when its pixels can be decoded. */
    static ImageFacts withTones(ImageFacts facts, ImageInputStream in) {
        return count(facts, in).map(facts::withTones).orElse(facts);
    }

    private static Optional<MaskTones> count(ImageFacts facts, ImageInputStream in) {
        if (in == null || facts.width() > MAX_SIDE || facts.height() > MAX_SIDE) {
            return Optional.empty();
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return Optional.empty();
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            long pixels = (long) facts.width() * facts.height();
            int step = (int) Math.ceil(Math.sqrt((double) pixels / MAX_SAMPLED));
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage img = reader.read(0, param);
            long black = 0;
            long white = 0;
            int w = img.getWidth();
            int h = img.getHeight();
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int argb : row) {
                    int r = argb >> 16 & 0xFF;
                    int g = argb >> 8 & 0xFF;
                    int b = argb & 0xFF;
                    if (MaskTones.isBlack(r, g, b)) {
                        black++;
                    } else if (MaskTones.isWhite(r, g, b)) {
                        white++;
                    }
                }
            }
            return Optional.of(new MaskTones((long) w * h, black, white));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the header was fine; pixels we cannot decode are the service's to judge
        } finally {
            reader.dispose();
        }
    }
}
