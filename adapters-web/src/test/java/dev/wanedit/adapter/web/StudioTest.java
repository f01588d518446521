package dev.wanedit.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.fakes.FakeImageEditing;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.value.AwaitOutcome;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.SubmitOutcome;
import dev.wanedit.application.service.ValidateEditService;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("wanedit studio: the server, its door, its form and its files")
class StudioTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T11:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    final Fixtures.Journal journal = new Fixtures.Journal();
    final List<EditRequest> submitted = new CopyOnWriteArrayList<>();
    final List<JobId> awaited = new CopyOnWriteArrayList<>();
    Studio studio;
    int port;
    String base;

    @BeforeEach
    void start() {
        SubmitEdit submit = (EditRequest r, SubmitOptions o) -> {
            submitted.add(r);
            EditJob job = EditJob.create(Fixtures.id(500 + submitted.size()), r, CLOCK.instant(), Optional.empty());
            journal.add(job);
            return new SubmitOutcome.Sent(job);
        };
        AwaitJob await = (JobId id, Duration deadline, ProgressListener p) -> {
            awaited.add(id);
            return new AwaitOutcome.Finished(journal.status(id, false));
        };
        ValidateEditService validate = new ValidateEditService(new ImageIoInspector(), new FakeImageEditing(CLOCK), ModelCatalog.standard());
        studio = Studio.start(new Studio.Settings(0, tmp.resolve("home/studio"), Region.BEIJING, Duration.ofMinutes(1)),
                new Studio.Ports(journal, validate, submit, await, ModelCatalog.standard(), SignedLinks.none(), CLOCK));
        port = studio.address().getPort();
        base = studio.url().substring(studio.url().indexOf("/t/"));
    }

    @AfterEach
    void stop() {
        studio.close();
    }

    @Test
    @DisplayName("the address: 127.0.0.1, a 128-bit random token in the path, different for every studio")
    void address_loopbackWithToken() {
        assertThat(studio.url()).matches("http://127\\.0\\.0\\.1:" + port + "/t/[0-9a-f]{32}/");
        assertThat(studio.address().getAddress().isLoopbackAddress()).isTrue();
        Studio other = Studio.start(new Studio.Settings(0, tmp.resolve("other"), Region.BEIJING, Duration.ofMinutes(1)),
                new Studio.Ports(journal, null, null, null, ModelCatalog.standard(), SignedLinks.none(), CLOCK));
        try {
            assertThat(other.url().substring(other.url().indexOf("/t/"))).isNotEqualTo(base);
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("requests without the token, with a wrong or shortened one, are refused with 403 and no body")
    void withoutToken_refused() {
        String token = base.substring(3, 35);
        String wrong = (token.charAt(0) == 'a' ? "b" : "a") + token.substring(1);
        for (String path : List.of("/", "/favicon.ico", "/t/", "/t/" + wrong + "/", "/t/" + token.substring(0, 31) + "/",
                "/t/" + token, "/t/" + wrong + "/api/catalog", "/" + token + "/", "/t/" + token.toUpperCase() + "/")) {
            Http.Response r = Http.get(port, path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.body()).as(path).isEmpty();
        }
        assertThat(Http.get(port, base).status()).isEqualTo(200);
        assertThat(Http.get(port, base + "api/catalog").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("DNS rebinding and cross-site requests are refused: Host, Origin, Sec-Fetch-Site; no CORS, no OPTIONS")
    void foreignHostsAndOrigins_refused() {
        assertThat(Http.send("127.0.0.1", port, "GET", base, Map.of("Host", "evil.example:" + port), null).status()).isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "GET", base, Map.of("Host", "127.0.0.1:1"), null).status()).isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "GET", base, Map.of("Host", "localhost:" + port), null).status()).isEqualTo(200);
        byte[] form = "model=wan2.5-i2i-preview".getBytes(StandardCharsets.UTF_8);
        assertThat(Http.send("127.0.0.1", port, "POST", base + "api/validate", Map.of("Origin", "http://evil.example"), form).status())
                .isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "POST", base + "api/validate", Map.of("Origin", "null"), form).status()).isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "POST", base + "api/validate", Map.of("Sec-Fetch-Site", "cross-site"), form).status())
                .isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "GET", base + "img/x", Map.of("Sec-Fetch-Site", "same-site"), null).status())
                .isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "OPTIONS", base + "api/submit", Map.of("Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST"), null).status()).isEqualTo(403);
        assertThat(Http.send("127.0.0.1", port, "DELETE", base, Map.of(), null).status()).isEqualTo(403);

        Http.Response ok = Http.postForm(port, base + "api/validate", "model=wan2.5-i2i-preview");
        assertThat(ok.status()).isEqualTo(200);
        for (Http.Response r : List.of(ok, Http.get(port, base), Http.get(port, base + "static/studio.js"))) {
            assertThat(r.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    @DisplayName("it listens on 127.0.0.1 only: this machine's other addresses refuse the connection")
    void otherInterfaces_refuseConnections() throws IOException {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address) {
                    others.add(a);
                }
            }
        }
        assertThat(studio.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, port), 2_000);
                throw new AssertionError("the studio answered on " + a.getHostAddress());
            } catch (IOException expected) {
                assertThat(expected).isInstanceOf(java.net.ConnectException.class);
            }
        }
    }

    @Test
    @DisplayName("validate: every problem of the form at once, each on its field; a valid form gets its cost")
    void validate_everyProblemAtOnce() throws IOException {
        Path small = Fixtures.png(tmp.resolve("small.png"), 200, 200, Color.RED);
        Http.Response bad = Http.postForm(port, base + "api/validate", form("model", "wan2.5-i2i-preview", "prompt", "",
                "image", small.toString(), "n", "9", "seed", "abc", "negative_prompt", "<script>x</script>"));
        assertThat(bad.status()).isEqualTo(200);
        String json = bad.text();
        assertThat(json).contains("\"valid\":false").contains("\"field\":\"seed\"").contains("\"field\":\"prompt\"")
                .contains("\"field\":\"images[0]\"").contains("\"field\":\"n\"").doesNotContain("\"expected\"");
        assertThat(json).doesNotContain("<script>");

        Path ok = Fixtures.png(tmp.resolve("ok.png"), 640, 480, Color.RED);
        Http.Response good = Http.postForm(port, base + "api/validate", form("model", "wan2.5-i2i-preview", "prompt", "Make it autumn",
                "image", ok.toString(), "n", "2"));
        assertThat(good.text()).contains("\"valid\":true").contains("\"errors\":[]").contains("\"cost\":\"0.40 CNY\"")
                .contains("\"images\":2");
    }

    @Test
    @DisplayName("the painted mask is stored black and white, exactly the base image's size, in a private folder")
    void paintedMask_storedBlackAndWhite() throws IOException {
        Path baseImage = Fixtures.png(tmp.resolve("room.png"), 640, 512, Color.DARK_GRAY);
        Http.Response r = Http.postForm(port, base + "api/validate", form("model", "wanx2.1-imageedit", "function",
                "description_edit_with_mask", "prompt", "A ceramic rabbit", "image", baseImage.toString(), "mask_png",
                painted(640, 512)));
        assertThat(r.text()).as(r.text()).contains("\"valid\":true");
        Path masks = tmp.resolve("home/studio/masks");
        List<Path> stored;
        try (var s = Files.list(masks)) {
            stored = s.toList();
        }
        assertThat(stored).hasSize(1);
        Path mask = stored.get(0);
        assertThat(mask.getFileName().toString()).matches("[0-9a-f]{64}\\.png");
        assertThat(r.text()).contains("\"mask\":\"" + mask.toString().replace("\\", "\\\\") + "\"");
        BufferedImage img = ImageIO.read(mask.toFile());
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(512);
        long white = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRaster().getSample(x, y, 0);
                assertThat(v).isIn(0, 255);
                white += v == 255 ? 1 : 0;
            }
        }
        assertThat(white).as("the stroke is white").isBetween(5_000L, 60_000L);
        assertThat(img.getRaster().getSample(320, 256, 0)).isEqualTo(255);
        assertThat(img.getRaster().getSample(5, 5, 0)).isZero();
        if (Files.getFileStore(mask).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(masks))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mask))).isEqualTo("rw-------");
        }

        Http.Response again = Http.postForm(port, base + "api/validate", form("model", "wanx2.1-imageedit", "function",
                "description_edit_with_mask", "prompt", "A ceramic rabbit", "image", baseImage.toString(), "mask_png",
                painted(640, 512)));
        assertThat(again.text()).contains("\"valid\":true");
        try (var s = Files.list(masks)) {
            assertThat(s.count()).as("the same mask is the same file").isEqualTo(1);
        }

        Http.Response wrong = Http.postForm(port, base + "api/validate", form("model", "wanx2.1-imageedit", "function",
                "description_edit_with_mask", "prompt", "A ceramic rabbit", "image", baseImage.toString(), "mask_png",
                painted(320, 256)));
        assertThat(wrong.text()).contains("\"valid\":false").contains("\"field\":\"mask\"")
                .contains("320×256 px but the base image is 640×512 px");
    }

    @Test
    @DisplayName("submit: the same use cases as wanedit edit, with the boxes in each image's pixels; the job is followed")
    void submit_runsTheUseCases() throws Exception {
        Path a = Fixtures.png(tmp.resolve("a.png"), 800, 600, Color.BLUE);
        Path b = Fixtures.png(tmp.resolve("b.png"), 600, 600, Color.GREEN);
        Http.Response r = Http.postForm(port, base + "api/submit", form("model", "wan2.7-image", "prompt", "Put the cup in the box",
                "image", a.toString(), "bbox", "10,20,110,220;300,300,400,350", "image", b.toString(), "bbox", "", "n", "1"));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(submitted).hasSize(1);
        EditRequest req = submitted.get(0);
        assertThat(req.model().id()).isEqualTo("wan2.7-image");
        assertThat(req.images()).extracting(ImageInput::reference).containsExactly(a.toString(), b.toString());
        assertThat(req.output().boxes()).containsExactly(List.of(new BoundingBox(10, 20, 110, 220), new BoundingBox(300, 300, 400, 350)),
                List.of());
        String id = submitted.isEmpty() ? "" : Fixtures.id(501).value();
        assertThat(r.text()).contains("\"job\":\"" + id + "\"").contains("\"page\":\"" + base + "jobs/" + id + "\"");
        Sandbox.await(() -> awaited.size() == 1);
        assertThat(awaited).containsExactly(new JobId(id));

        Http.Response invalid = Http.postForm(port, base + "api/submit", form("model", "wan2.7-image", "prompt", "x",
                "image", a.toString(), "bbox", "10,20,5,5"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.text()).contains("\"field\":\"bbox_list[0]\"");
        assertThat(submitted).as("nothing more was submitted").hasSize(1);

        Document page = Jsoup.parse(Http.get(port, base + "jobs/" + id).text());
        assertThat(page.selectFirst("article").attr("data-job")).isEqualTo(id);
        assertThat(page.select("figure.input .box").eachAttr("data-box")).containsExactly("[10,20,110,220]", "[300,300,400,350]");
        assertThat(page.select("img[data-role=input]")).hasSize(2);
        String src = page.selectFirst("img[data-role=input]").attr("src");
        assertThat(src).startsWith(base + "img/");
        Http.Response img = Http.get(port, src);
        assertThat(img.status()).isEqualTo(200);
        assertThat(img.header("Content-Type")).isEqualTo("image/png");
        assertThat(img.body()).isEqualTo(Files.readAllBytes(a));
        assertThat(Http.get(port, base + "api/jobs/" + id).text()).contains("\"state\":\"CREATED\"");
    }

    @Test
    @DisplayName("uploads: a real image is kept under its digest and shown; anything else is refused on its field")
    void upload_imagesOnly() throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.png(tmp.resolve("u.png"), 300, 200, Color.ORANGE));
        Http.Response r = Http.send("127.0.0.1", port, "POST", base + "api/inputs", Map.of("Content-Type", "image/png"), png);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("\"width\":300").contains("\"height\":200").contains("home/studio/inputs/");
        String src = r.text().replaceAll(".*\"src\":\"([^\"]+)\".*", "$1");
        assertThat(Http.get(port, src).body()).isEqualTo(png);

        Http.Response bad = Http.send("127.0.0.1", port, "POST", base + "api/inputs", Map.of(), "<html>".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.text()).contains("\"field\":\"image\"").contains("not an image");

        assertThat(Http.get(port, base + "img/0123").status()).isEqualTo(404);
        assertThat(Http.get(port, base + "img/../../../etc/passwd").status()).isEqualTo(404);
        assertThat(Http.get(port, base + "static/../Studio.class").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("pages: the job list and the edit form, with their own scripts only")
    void pages_listAndForm() throws IOException {
        Path in = Fixtures.png(tmp.resolve("in.png"), 640, 480, Color.GRAY);
        journal.add(Fixtures.job(Fixtures.id(7), Fixtures.wan25(Fixtures.local(in), "<b>listed</b>").build(),
                dev.wanedit.domain.job.JobState.RUNNING, List.of(), Optional.empty(), Optional.empty()));
        Document list = Jsoup.parse(Http.get(port, base).text());
        assertThat(list.select("article.job")).hasSize(1);
        assertThat(list.selectFirst("article .prompt").text()).isEqualTo("<b>listed</b>");
        assertThat(list.selectFirst("article a.jobid").attr("href")).isEqualTo(base + "jobs/" + Fixtures.id(7));
        assertThat(list.select("script").eachAttr("src")).containsExactly(base + "static/report.js");
        assertThat(list.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content")).contains("script-src 'self'");
        assertThat(Http.get(port, base + "api/jobs/" + Fixtures.id(7)).text()).contains("\"finished\":false")
                .contains("not followed by this studio");

        Document edit = Jsoup.parse(Http.get(port, base + "edit").text());
        assertThat(edit.select("script").eachAttr("src")).containsExactly(base + "static/studio.js");
        assertThat(edit.selectFirst("#submit")).isNotNull();
        assertThat(edit.selectFirst("#cost").elementSiblingIndex()).isLessThan(edit.selectFirst("#submit").elementSiblingIndex());
        assertThat(Http.get(port, base + "api/catalog").text()).contains("\"id\":\"wanx2.1-imageedit\"")
                .contains("\"name\":\"description_edit_with_mask\",\"mask\":true").contains("bbox_list");
    }

    /** A PNG data URL as a canvas gives it: a thick antialiased white stroke on black, with grey edges. */
    private static String painted(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(40, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(w / 4, h / 2, w * 3 / 4, h / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        assertThat(ImageIO.read(new ByteArrayInputStream(out.toByteArray())).getWidth()).isEqualTo(w);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String form(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** Polls a condition the studio's background thread makes true; fails after a generous deadline. */
    static final class Sandbox {
        static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!c.getAsBoolean()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("timed out");
                }
                Thread.sleep(10);
            }
        }
    }
}
