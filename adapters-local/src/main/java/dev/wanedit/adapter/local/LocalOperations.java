package dev.wanedit.adapter.local;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.request.Dimensions;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The local provider's "model": a simple, deterministic ImageIO operation chosen from the request.
 * wanx2.1 functions map to what they mean ({@code colorization} keeps the image, {@code super_resolution}
 * scales it by {@code upscale_factor}, {@code expand} pads it by the four scales); otherwise the
 * instruction decides: "grayscale"/"black and white" turns it grey, "flip"/"mirror" mirrors it, and
 * anything else tints it with a colour derived from the prompt. The result always has the size the
 * domain expects for the request ({@link EditRequest#expectedOutput()}); inputs it cannot read
 * offline (a URL, an OSS object) are stood in for by a plain canvas of that size.
 */
final class LocalOperations {

    /** The size used when neither the request nor an input says one (text-to-image without size has one). */
    static final Dimensions FALLBACK = new Dimensions(1024, 1024);

    /** What is done to the image. */
    enum Operation { KEEP, GRAYSCALE, FLIP, SCALE, PAD, TINT }

    private LocalOperations() {
    }

    static Operation operationFor(EditRequest request) {
        Optional<EditFunction> f = request.function();
        if (f.isPresent()) {
            switch (f.get()) {
                case COLORIZATION:
                    return Operation.KEEP;
                case SUPER_RESOLUTION:
                    return Operation.SCALE;
                case EXPAND:
                    return Operation.PAD;
                default:
                    break;
            }
        }
        String p = request.prompt() == null ? "" : request.prompt().toLowerCase(Locale.ROOT);
        if (p.contains("grayscale") || p.contains("greyscale") || p.contains("black and white")
                || p.contains("black-and-white") || p.contains("monochrome")) {
            return Operation.GRAYSCALE;
        }
        if (p.contains("flip") || p.contains("mirror")) {
            return Operation.FLIP;
        }
        return Operation.TINT;
    }

    /** The output size: the domain's expectation, else the source's, else {@link #FALLBACK}. */
    static Dimensions outputSize(EditRequest request, Optional<BufferedImage> source) {
        return request.expectedOutput().dimensions()
                .or(() -> source.map(s -> new Dimensions(s.getWidth(), s.getHeight())))
                .orElse(FALLBACK);
    }

    /** Result {@code index} (0-based) of the request; the same request always gives the same pixels. */
    static BufferedImage render(EditRequest request, Optional<BufferedImage> source, int index) {
        Dimensions out = outputSize(request, source);
        Color tint = tint(request.prompt(), index);
        BufferedImage base = source.orElseGet(() -> canvas(out, tint));
        BufferedImage edited = switch (operationFor(request)) {
            case KEEP, SCALE -> copy(base);
            case GRAYSCALE -> grayscale(base);
            case FLIP -> flip(base);
            case PAD -> pad(base, request, tint);
            case TINT -> tinted(base, tint);
        };
        return edited.getWidth() == out.width() && edited.getHeight() == out.height() ? edited : resize(edited, out);
    }

    /** The image an input holds, when it can be read here without a network: local files and inline data. */
    static Optional<BufferedImage> read(ImageInput in) {
        try {
            if (in instanceof ImageInput.LocalImage local) {
                return Optional.ofNullable(ImageIO.read(local.path().toFile()));
            }
            if (in instanceof ImageInput.InlineImage inline) {
                String uri = inline.dataUri();
                byte[] bytes = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1).trim());
                return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // the domain read its facts; a format ImageIO cannot decode gets the canvas
        }
        return Optional.empty();
    }

    static Color tint(String prompt, int index) {
        byte[] h = sha256((prompt == null ? "" : prompt) + "#" + index);
        return new Color(h[0] & 0xff, h[1] & 0xff, h[2] & 0xff);
    }

    private static BufferedImage canvas(Dimensions d, Color c) {
        BufferedImage img = new BufferedImage(d.width(), d.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, d.width(), d.height());
        g.dispose();
        return img;
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return img;
    }

    private static BufferedImage grayscale(BufferedImage src) {
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return img;
    }

    private static BufferedImage flip(BufferedImage src) {
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, src.getWidth(), 0, -src.getWidth(), src.getHeight(), null);
        g.dispose();
        return img;
    }

    private static BufferedImage tinted(BufferedImage src, Color c) {
        BufferedImage img = copy(src);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = ((rgb >> 16) & 0xff) * 7 / 10 + c.getRed() * 3 / 10;
                int gr = ((rgb >> 8) & 0xff) * 7 / 10 + c.getGreen() * 3 / 10;
                int b = (rgb & 0xff) * 7 / 10 + c.getBlue() * 3 / 10;
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return img;
    }

    /** Outpainting: the image in place on a tinted canvas, each side grown by its scale (as the domain computes the size). */
    private static BufferedImage pad(BufferedImage src, EditRequest request, Color c) {
        double half = src.getWidth() / 2.0;
        double halfH = src.getHeight() / 2.0;
        int left = (int) Math.round(half * (scale(request, "left_scale") - 1));
        int right = (int) Math.round(half * (scale(request, "right_scale") - 1));
        int top = (int) Math.round(halfH * (scale(request, "top_scale") - 1));
        int bottom = (int) Math.round(halfH * (scale(request, "bottom_scale") - 1));
        BufferedImage img = canvas(new Dimensions(src.getWidth() + left + right, src.getHeight() + top + bottom), c);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, left, top, null);
        g.dispose();
        return img;
    }

    private static double scale(EditRequest request, String name) {
        Object v = request.functionParams().get(name);
        if (v == null) {
            v = request.function().orElseThrow().params().get(name).defaultValue();
        }
        return ((Number) v).doubleValue();
    }

    private static BufferedImage resize(BufferedImage src, Dimensions d) {
        BufferedImage img = new BufferedImage(d.width(), d.height(),
                src.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, d.width(), d.height(), null);
        g.dispose();
        return img;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
