package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/** Test images, and the checks every stored result must pass. */
final class Images {

    private Images() {
    }

    static byte[] png(int width, int height, boolean alpha) {
        BufferedImage img = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90, 140, 200, alpha ? 128 : 255));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return png(img);
    }

    /** Random pixels: a PNG that does not compress (about 3 bytes a pixel). */
    static byte[] noisyPng(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return png(img);
    }

    static String dataUri(Path png) throws IOException {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    }

    static BufferedImage decode(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img).as("%s decodes as an image", file).isNotNull();
            return img;
        } catch (IOException e) {
            throw new AssertionError(file + " does not decode", e);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks one stored result of a job document ({@code --json}): a real PNG under {@code outDir}
     * with the reported checksum and length, and a sidecar whose fields describe it.
     *
     * @return the decoded image
     */
    static BufferedImage assertStoredResult(JsonNode job, JsonNode result, Path outDir, String prompt) throws IOException {
        Path png = Path.of(result.get("path").asText());
        assertThat(png).as("result path").startsWith(outDir).isRegularFile().hasFileName(result.get("index").asInt() + ".png");
        byte[] magic = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertThat(magic).as("PNG signature").containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage img = decode(png);
        assertThat(result.get("sha256").asText()).isEqualTo(sha256(png));
        assertThat(result.get("bytes").asLong()).isEqualTo(Files.size(png));
        assertThat(result.get("error_code").isNull()).isTrue();

        Path sidecar = Path.of(result.get("sidecar").asText());
        assertThat(sidecar).isRegularFile().hasFileName(result.get("index").asInt() + ".json");
        JsonNode s = WaneditProcess.JSON.readTree(sidecar.toFile());
        assertThat(s.get("job_id").asText()).isEqualTo(job.get("job_id").asText());
        assertThat(s.get("task_id").asText()).isEqualTo(job.get("task_id").asText());
        assertThat(s.get("index").asInt()).isEqualTo(result.get("index").asInt());
        assertThat(s.get("model").asText()).isEqualTo(job.get("model").asText());
        assertThat(s.get("region").asText()).isEqualTo("beijing");
        assertThat(s.get("prompt").asText()).isEqualTo(prompt);
        assertThat(s.get("sha256").asText()).isEqualTo(result.get("sha256").asText());
        assertThat(s.get("bytes").asLong()).isEqualTo(Files.size(png));
        assertThat(s.get("format").asText()).isEqualTo("PNG");
        assertThat(s.at("/size/actual").asText()).as("sidecar size.actual").isEqualTo(img.getWidth() + "*" + img.getHeight());
        return img;
    }

    /** "W*H" of a decoded image. */
    static String size(BufferedImage img) {
        return img.getWidth() + "*" + img.getHeight();
    }

    /** The image encoded as PNG. */
    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code resume --json} finished one job, {@code id} on task {@code taskId}, and stored its result in {@code out}. */
    static void assertResumedAndStored(WaneditProcess.Result resume, String id, String taskId, Path out, String prompt)
            throws IOException {
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        JsonNode jobs = resume.json().get("jobs");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.at("/0/job_id").asText()).isEqualTo(id);
        assertThat(jobs.at("/0/task_id").asText()).isEqualTo(taskId);
        assertThat(jobs.at("/0/state").asText()).isEqualTo("STORED");
        assertStoredResult(jobs.get(0), jobs.at("/0/results/0"), out, prompt);
    }
}
