package dev.wanedit.adapter.storage.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderImageInspectorTest {

    private final ImageInspector inspector = ImageInspectors.headerOnly();

    @TempDir
    Path dir;

    static Stream<Arguments> realFiles() {
        return Stream.of(
                Arguments.of("rgb.png", TestImages.png(640, 480, false), ImageFormat.PNG, 640, 480, false),
                Arguments.of("rgba.png", TestImages.png(300, 200, true), ImageFormat.PNG, 300, 200, true),
                Arguments.of("palette-trns.png", TestImages.pngWithTrns(33, 17), ImageFormat.PNG, 33, 17, true),
                Arguments.of("photo.jpg", TestImages.jpeg(1024, 768), ImageFormat.JPEG, 1024, 768, false),
                Arguments.of("photo.jpeg", TestImages.jpeg(1, 2000), ImageFormat.JPEG, 1, 2000, false),
                Arguments.of("scan.bmp", TestImages.bmp(123, 45), ImageFormat.BMP, 123, 45, false),
                Arguments.of("argb.bmp", TestImages.bmp32(21, 11, true), ImageFormat.BMP, 21, 11, true),
                Arguments.of("xrgb.bmp", TestImages.bmp32(21, 11, false), ImageFormat.BMP, 21, 11, false),
                Arguments.of("progressive.jpg", TestImages.progressiveJpeg(333, 222), ImageFormat.JPEG, 333, 222, false),
                Arguments.of("imageio.tif", TestImages.tiff(80, 60), ImageFormat.TIFF, 80, 60, false),
                Arguments.of("le.tiff", TestImages.tiffByHand(31, 7, true, false), ImageFormat.TIFF, 31, 7, false),
                Arguments.of("be.tiff", TestImages.tiffByHand(9, 13, false, false), ImageFormat.TIFF, 9, 13, false),
                Arguments.of("le-alpha.tif", TestImages.tiffByHand(5, 4, true, true), ImageFormat.TIFF, 5, 4, true),
                Arguments.of("be-alpha.tif", TestImages.tiffByHand(5, 4, false, true), ImageFormat.TIFF, 5, 4, true),
                Arguments.of("tiny.webp", TestImages.webpLossless1x1(), ImageFormat.WEBP, 1, 1, true),
                Arguments.of("lossless.webp", TestImages.webpVp8l(1920, 1080, true), ImageFormat.WEBP, 1920, 1080, true),
                Arguments.of("lossy.webp", TestImages.webpVp8(800, 600), ImageFormat.WEBP, 800, 600, false),
                Arguments.of("extended.webp", TestImages.webpVp8x(4000, 3000, true), ImageFormat.WEBP, 4000, 3000, true),
                Arguments.of("extended-opaque.webp", TestImages.webpVp8x(16384, 2, false), ImageFormat.WEBP, 16384, 2, false),
                Arguments.of("no-extension", TestImages.png(10, 10, false), ImageFormat.PNG, 10, 10, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFiles")
    void inspect_realFile_readsFactsFromHeader(String name, byte[] bytes, ImageFormat format, int w, int h, boolean alpha)
            throws Exception {
        Path file = Files.write(dir.resolve(name), bytes);

        ImageFacts facts = inspector.inspect(file);

        assertThat(facts.format()).isEqualTo(format);
        assertThat(facts.width()).isEqualTo(w);
        assertThat(facts.height()).isEqualTo(h);
        assertThat(facts.alpha()).isEqualTo(alpha);
        assertThat(facts.bytes()).isEqualTo(bytes.length);
        assertThat(facts.sha256()).contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(inspector.inspect(bytes, "data:" + name)).isEqualTo(facts);
        // a store that hashed the file while writing it passes the hash: the same facts, the hash not taken again
        String known = "0".repeat(64);
        ImageFacts headersOnly = inspector.inspect(file, known);
        assertThat(headersOnly.sha256()).contains(known);
        assertThat(headersOnly).usingRecursiveComparison().ignoringFields("sha256").isEqualTo(facts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFiles")
    void generatedFiles_areReadableByImageIoReaders_withTheSameDimensions(String name, byte[] bytes, ImageFormat format,
                                                                          int w, int h, boolean alpha) throws Exception {
        // Cross-check the test data (and the parser) against the JDK and TwelveMonkeys readers.
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertThat(readers.hasNext()).as("an ImageIO reader for " + name).isTrue();
            ImageReader reader = readers.next();
            reader.setInput(in);
            assertThat(reader.getWidth(0)).isEqualTo(w);
            assertThat(reader.getHeight(0)).isEqualTo(h);
            reader.dispose();
        }
    }

    @Test
    void tinyWebp_decodesFullyWithTheTwelveMonkeysReader() throws IOException {
        assertThat(ImageIO.read(new ByteArrayInputStream(TestImages.webpLossless1x1())).getWidth()).isEqualTo(1);
    }

    @Test
    void inspection_readsHeadersOnly_evenForAGigapixelClaim() throws IOException {
        Path file = Files.write(dir.resolve("huge.png"), TestImages.pngHeaderOnly(60_000, 50_000, 6));

        ImageFacts facts = inspector.inspect(file);

        assertThat(facts.width()).isEqualTo(60_000);
        assertThat(facts.height()).isEqualTo(50_000);
        assertThat(facts.alpha()).isTrue();
        assertThat(facts.bytes()).isEqualTo(59);
    }

    @Test
    void aJpegWithDataAfterTheEndMarker_isAccepted() throws IOException {
        byte[] jpg = TestImages.jpeg(64, 48);
        byte[] trailer = new byte[200_000];
        java.util.Arrays.fill(trailer, (byte) 0x33);
        byte[] both = java.util.Arrays.copyOf(jpg, jpg.length + trailer.length);
        System.arraycopy(trailer, 0, both, jpg.length, trailer.length);
        Path file = Files.write(dir.resolve("camera.jpg"), both);

        assertThat(inspector.inspect(file).width()).isEqualTo(64);
    }

    /** The content decides the format whatever the name says; the domain warns about the name (issue #19 item 13). */
    @Test
    void misnamedFiles_areReadAsWhatTheyAre() throws IOException {
        Path pngNamedJpg = Files.write(dir.resolve("holiday.jpg"), TestImages.png(20, 20, false));
        Path jpegNamedPng = Files.write(dir.resolve("photo.png"), TestImages.jpeg(30, 20));
        Path jpegNamedWebp = Files.write(dir.resolve("x.webp"), TestImages.jpeg(20, 20));

        assertThat(inspector.inspect(pngNamedJpg).format()).isEqualTo(ImageFormat.PNG);
        assertThat(inspector.inspect(jpegNamedPng).format()).isEqualTo(ImageFormat.JPEG);
        assertThat(inspector.inspect(jpegNamedPng).width()).isEqualTo(30);
        assertThat(inspector.inspect(jpegNamedWebp).format()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void unknownFormat_isRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.png"), "GIF89a is not supported, and this is text");
        assertThatThrownBy(() -> inspector.inspect(file)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).startsWith("unknown format"));
    }

    @Test
    void emptyFile_isRefused() throws IOException {
        Path file = Files.write(dir.resolve("empty.png"), new byte[0]);
        assertThatThrownBy(() -> inspector.inspect(file)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).contains("empty"));
    }

    /**
     * A FIFO would block the open until a writer appears and /dev/zero would be read for ever: both
     * are refused before anything opens them, naming what they are. The timeout only guards against
     * a hang; it is not a speed check.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void specialFiles_areRefusedWithoutOpeningThem() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.png").toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        Path link = Files.createSymbolicLink(dir.resolve("zero.png"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> inspector.inspect(dir.resolve("pipe.png"))).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).isEqualTo("is a named pipe (FIFO), not a regular file"));
        assertThatThrownBy(() -> inspector.inspect(link)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).startsWith("is a character device"));
        assertThatThrownBy(() -> inspector.inspect(dir)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).isEqualTo("is a directory, not a file"));
    }

    @Test
    void missingFile_isRefused() {
        Path file = dir.resolve("nope.png");
        assertThatThrownBy(() -> inspector.inspect(file)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).isEqualTo("no such file"));
    }

    static Stream<Arguments> truncatedFiles() {
        byte[] png = TestImages.png(200, 200, true);
        byte[] jpg = TestImages.jpeg(200, 200);
        byte[] bmp = TestImages.bmp(50, 50);
        byte[] tif = TestImages.tiffByHand(40, 40, true, false);
        byte[] webp = TestImages.webpVp8x(100, 100, true);
        return Stream.of(
                Arguments.of("png-in-data.png", TestImages.truncate(png, png.length / 2), "truncated PNG"),
                Arguments.of("png-no-iend.png", TestImages.truncate(png, png.length - 12), "truncated PNG"),
                Arguments.of("png-in-ihdr.png", TestImages.truncate(png, 20), "truncated PNG"),
                Arguments.of("jpeg-in-scan.jpg", TestImages.truncate(jpg, jpg.length - 40), "truncated JPEG"),
                Arguments.of("jpeg-in-headers.jpg", TestImages.truncate(jpg, 30), "truncated JPEG"),
                Arguments.of("bmp.bmp", TestImages.truncate(bmp, bmp.length - 100), "truncated BMP"),
                Arguments.of("tiff.tif", TestImages.truncate(tif, tif.length - 1), "truncated TIFF"),
                Arguments.of("tiff-header.tif", TestImages.truncate(tif, 10), "truncated TIFF"),
                Arguments.of("webp.webp", TestImages.truncate(webp, webp.length - 4), "truncated WEBP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncatedFiles")
    void truncatedFile_isRefusedAsTruncated(String name, byte[] bytes, String reason) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        assertThatThrownBy(() -> inspector.inspect(file)).isInstanceOfSatisfying(UnreadableImage.class, e -> {
            assertThat(e.reason()).startsWith(reason);
            assertThat(e.getMessage()).contains(name);
        });
    }

    @Test
    void corruptPngHeader_isRefusedAsCorrupt() throws IOException {
        byte[] png = TestImages.png(20, 20, false);
        png[12] = 'X'; // IHDR chunk type damaged
        Path file = Files.write(dir.resolve("bad.png"), png);
        assertThatThrownBy(() -> inspector.inspect(file)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).startsWith("corrupt PNG"));
    }

    @Test
    void corruptJpegWithoutMarkers_isRefused() throws IOException {
        byte[] jpg = TestImages.jpeg(20, 20);
        for (int i = 2; i < 40; i++) {
            jpg[i] = 0x11;
        }
        Path file = Files.write(dir.resolve("bad.jpg"), jpg);
        assertThatThrownBy(() -> inspector.inspect(file)).isInstanceOfSatisfying(UnreadableImage.class,
                e -> assertThat(e.reason()).startsWith("corrupt JPEG"));
    }

    @Test
    void inlineData_truncated_namesTheLabel() {
        byte[] png = TestImages.png(20, 20, false);
        assertThatThrownBy(() -> inspector.inspect(TestImages.truncate(png, 30), "data:image/png (30 bytes)"))
                .isInstanceOfSatisfying(UnreadableImage.class, e -> assertThat(e.file()).isEqualTo("data:image/png (30 bytes)"));
    }

    private static java.awt.image.BufferedImage mask(int w, int h, int greyRows) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, y < greyRows ? 0x808080 : x < w / 2 ? 0xFFFFFF : 0x000000);
            }
        }
        return img;
    }

    @Test
    void inspectMask_countsBlackWhiteAndGrey_fromThePixels() throws IOException {
        Path bw = Files.write(dir.resolve("bw.png"), TestImages.write(mask(600, 500, 0), "png"));
        Path grey = Files.write(dir.resolve("grey.png"), TestImages.write(mask(600, 500, 100), "png"));
        Path jpeg = Files.write(dir.resolve("bw.jpg"), TestImages.write(mask(600, 500, 0), "jpeg"));

        dev.wanedit.domain.request.MaskTones pure = inspector.inspectMask(bw).tones().orElseThrow();
        assertThat(pure.sampled()).isEqualTo(300_000);
        assertThat(pure.greyShare()).isZero();
        assertThat(pure.whiteShare()).isEqualTo(0.5);
        assertThat(inspector.inspectMask(grey).tones().orElseThrow().greyShare()).isEqualTo(0.2);
        assertThat(inspector.inspectMask(Files.readAllBytes(grey), "data:image/png").tones().orElseThrow().greyShare())
                .isEqualTo(0.2);
        // JPEG noise at the black/white edge stays within the tolerance for nearly every pixel
        assertThat(inspector.inspectMask(jpeg).tones().orElseThrow().greyShare()).isLessThan(dev.wanedit.domain.request.MaskTones.GREY_WARNING_SHARE);
        assertThat(inspector.inspect(bw).tones()).as("only masks are decoded").isEmpty();
    }

    @Test
    void inspectMask_ofALargeMask_samplesAGrid() throws IOException {
        Path big = Files.write(dir.resolve("big.png"), TestImages.write(mask(2000, 1500, 300), "png"));

        dev.wanedit.domain.request.MaskTones t = inspector.inspectMask(big).tones().orElseThrow();

        assertThat(t.sampled()).isLessThanOrEqualTo(MaskPixels.MAX_SAMPLED).isGreaterThan(MaskPixels.MAX_SAMPLED / 4);
        assertThat(t.greyShare()).isBetween(0.19, 0.21);
    }

    @Test
    void inspectMask_thatCannotBeDecoded_hasNoTones() throws IOException {
        // huge dimensions in a tiny header: never decoded (no decompression bomb); bogus pixel data: no tones
        Path gigapixel = Files.write(dir.resolve("huge.png"), TestImages.pngHeaderOnly(100_000, 100_000, 0));
        Path garbage = Files.write(dir.resolve("garbage.png"), TestImages.pngHeaderOnly(600, 400, 0));

        assertThat(inspector.inspectMask(gigapixel).width()).isEqualTo(100_000);
        assertThat(inspector.inspectMask(gigapixel).tones()).isEmpty();
        assertThat(inspector.inspectMask(garbage).tones()).isEmpty();
    }
}
