package dev.wanedit.emulator;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads input images the way the service does: fetches http(s) URLs (loopback hosts only, since
 * the emulator never reaches the network), decodes {@code data:} URIs, and resolves {@code oss://}
 * keys of temporary uploads when the request carries {@code X-DashScope-OssResourceResolve: enable}.
 */
final class InputImages {
    private static final int PREVIEW = 512;

    private final HttpClient http;
    private final Function<String, byte[]> ossObjects;
    private final Map<Inspected, InputImage> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Inspected, InputImage> eldest) {
            return size() > 8; // previews are at most 512 px, about 1 MB each
        }
    };

    InputImages(HttpClient http, Function<String, byte[]> ossObjects) {
        this.http = http;
        this.ossObjects = ossObjects;
    }

    /** The bytes behind an image reference, or an {@link ApiError}. */
    byte[] fetch(String ref, boolean ossResolve) throws ApiError {
        if (ref == null || ref.isBlank()) {
            throw ApiError.invalid("The image url must not be empty.");
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return decodeDataUri(ref);
        }
        if (lower.startsWith("oss://")) {
            if (!ossResolve) {
                throw ApiError.badUrl("An oss:// resource is only resolved with the header X-DashScope-OssResourceResolve: enable.");
            }
            byte[] bytes = ossObjects.apply(ref.substring("oss://".length()));
            if (bytes == null) {
                throw ApiError.badUrl("The oss:// resource does not exist or has expired: " + ref);
            }
            return bytes;
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return download(ref);
        }
        throw ApiError.badUrl("Only http(s) URLs, data: URIs and oss:// resources are accepted: " + abbreviate(ref));
    }

    /**
     * Fetches and inspects one image. A batch names the same reference image in many requests, so
     * the last few inspections are kept, keyed by the reference and a digest of the bytes (decoding a
     * large input for every request was a good part of the emulator's time).
     */
    InputImage load(String ref, boolean ossResolve) throws ApiError {
        byte[] bytes = fetch(ref, ossResolve);
        String source = abbreviate(ref);
        Inspected key = new Inspected(source, sha256(bytes));
        synchronized (recent) {
            InputImage known = recent.get(key);
            if (known != null) {
                return known;
            }
        }
        InputImage image = inspect(source, bytes);
        synchronized (recent) {
            recent.put(key, image);
        }
        return image;
    }

    private record Inspected(String source, String sha256) {}

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static InputImage inspect(String source, byte[] bytes) throws ApiError {
        String format = sniff(bytes);
        if (format == null) {
            throw ApiError.invalid("The image format of " + source + " is not supported or the file is not an image.");
        }
        if (format.equals("webp")) {
            int[] wh = webpSize(bytes);
            if (wh == null) {
                throw ApiError.invalid("The WEBP image " + source + " could not be read.");
            }
            return new InputImage(source, format, wh[0], wh[1], bytes.length, wh[2] == 1, null);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ApiError.invalid("The image " + source + " (" + format + ") could not be decoded.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, (int) Math.ceil(Math.max(w, h) / (double) (PREVIEW * 2)));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage decoded = reader.read(0, param);
                boolean alpha = format.equals("png") ? pngHasAlpha(bytes) : decoded.getColorModel().hasAlpha();
                return new InputImage(source, format, w, h, bytes.length, alpha, shrink(decoded));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw ApiError.invalid("The image " + source + " could not be decoded: " + e.getMessage());
        }
    }

    private byte[] download(String ref) throws ApiError {
        URI uri;
        try {
            uri = new URI(ref);
        } catch (URISyntaxException e) {
            throw ApiError.badUrl("The url is malformed: " + abbreviate(ref));
        }
        String host = uri.getHost();
        if (host == null || !isLoopback(host)) {
            throw ApiError.badUrl("The emulator only fetches loopback URLs (127.0.0.1, localhost); got host " + host + ".");
        }
        try {
            HttpResponse<byte[]> resp = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw ApiError.badUrl("Downloading " + abbreviate(ref) + " answered HTTP " + resp.statusCode() + ".");
            }
            return resp.body();
        } catch (IOException e) {
            throw ApiError.badUrl("Downloading " + abbreviate(ref) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.badUrl("Downloading " + abbreviate(ref) + " was interrupted.");
        }
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: never resolved, never fetched
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] decodeDataUri(String ref) throws ApiError {
        int comma = ref.indexOf(',');
        if (comma < 0) {
            throw ApiError.invalid("The data URI is malformed: expected data:{MIME_type};base64,{base64_data}.");
        }
        String meta = ref.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!meta.endsWith(";base64")) {
            throw ApiError.invalid("The data URI must be Base64 encoded: data:{MIME_type};base64,{base64_data}.");
        }
        try {
            return Base64.getDecoder().decode(ref.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("The data URI holds invalid Base64: " + e.getMessage());
        }
    }

    /** The format from the magic bytes: png, jpeg, bmp, webp, tiff, gif, or null. */
    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return "tiff";
        }
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return "gif";
        }
        return null;
    }

    /** Width, height and an alpha flag (1/0) from a WEBP header (VP8, VP8L or VP8X), or null. */
    static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 ":
                if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
                    return null;
                }
                return new int[] {le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff, 0};
            case "VP8L": {
                if ((b[20] & 0xff) != 0x2f) {
                    return null;
                }
                long bits = (b[21] & 0xffL) | (b[22] & 0xffL) << 8 | (b[23] & 0xffL) << 16 | (b[24] & 0xffL) << 24;
                int w = (int) (bits & 0x3fff) + 1;
                int h = (int) ((bits >> 14) & 0x3fff) + 1;
                int alpha = (int) ((bits >> 28) & 1);
                return new int[] {w, h, alpha};
            }
            case "VP8X": {
                int w = le24(b, 24) + 1;
                int h = le24(b, 27) + 1;
                int alpha = (b[20] & 0x10) != 0 ? 1 : 0;
                return new int[] {w, h, alpha};
            }
            default:
                return null;
        }
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int le24(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    /** PNG colour types 4 and 6 carry an alpha channel; a tRNS chunk adds transparency too. */
    static boolean pngHasAlpha(byte[] b) {
        if (b.length < 26) {
            return false;
        }
        int colorType = b[25] & 0xff;
        if (colorType == 4 || colorType == 6) {
            return true;
        }
        int at = 8;
        while (at + 8 <= b.length) {
            int len = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
            String type = new String(b, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("tRNS")) {
                return true;
            }
            if (type.equals("IDAT") || len < 0) {
                return false;
            }
            at += 12 + len;
        }
        return false;
    }

    private static BufferedImage shrink(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        double s = Math.min(1.0, PREVIEW / (double) Math.max(w, h));
        int nw = Math.max(1, (int) Math.round(w * s));
        int nh = Math.max(1, (int) Math.round(h * s));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, nw, nh, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static String abbreviate(String ref) {
        return ref.length() <= 80 ? ref : ref.substring(0, 60) + "…(" + ref.length() + " chars)";
    }
}
