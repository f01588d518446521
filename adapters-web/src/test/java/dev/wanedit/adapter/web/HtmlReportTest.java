package dev.wanedit.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.BatchRef;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobFailure;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("wanedit report: the HTML file")
class HtmlReportTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T11:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    final Fixtures.Journal journal = new Fixtures.Journal();

    private Document write(HtmlReports.Selection s, boolean embed, SignedLinks links) throws IOException {
        HtmlReports reports = new HtmlReports(journal, links, CLOCK);
        Path file = tmp.resolve("reports/report.html");
        HtmlReports.Written w = reports.write(s, file, embed);
        assertThat(w.file()).isEqualTo(file.toAbsolutePath().normalize()).isRegularFile();
        assertThat(tmp.resolve("reports")).isDirectoryContaining(p -> p.getFileName().toString().equals("report.html"));
        try (var files = Files.list(tmp.resolve("reports"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("report.html");
        }
        return Jsoup.parse(Files.readString(file), file.getParent().toUri().toString());
    }

    private static HtmlReports.Selection all() {
        return new HtmlReports.Selection(List.of(), Optional.empty(), Optional.empty(), Set.of(), 1000);
    }

    private static HtmlReports.Selection only(String... ids) {
        return new HtmlReports.Selection(List.of(ids), Optional.empty(), Optional.empty(), Set.of(), 1000);
    }

    private EditJob storedWan25(int n, String prompt) {
        Path in = Fixtures.png(tmp.resolve("inputs/shelf-" + n + ".png"), 640, 480, Color.BLUE);
        Path out = Fixtures.png(tmp.resolve("out/" + Fixtures.id(n) + "/0.png"), 640, 480, Color.ORANGE);
        EditRequest r = Fixtures.wan25(Fixtures.local(in), prompt).negativePrompt("blurry, text").seed(42L).promptExtend(false)
                .build();
        return Fixtures.job(Fixtures.id(n), r, JobState.STORED, List.of(Fixtures.stored(0, out, prompt + ", warm light")),
                Optional.empty(), Optional.empty());
    }

    @Test
    @DisplayName("one job: every field, the input beside the output, a before/after slider, paths relative to the file")
    void oneJob_everyFieldAndRelativeImages() throws IOException {
        EditJob job = storedWan25(1, "Put a brass clock on the shelf");
        journal.add(job);

        Document doc = write(only(job.id().value()), false, SignedLinks.none());

        Element card = doc.selectFirst("article.job");
        assertThat(card).isNotNull();
        assertThat(card.attr("data-job")).isEqualTo(job.id().value());
        List<String> names = card.select("table.fields th").eachText();
        assertThat(names).contains("Job", "State", "Model", "Region", "Function", "Parameters", "Prompt", "Actual prompt",
                "Negative prompt", "Seed", "Size", "Images asked for (n)", "Estimated cost", "Actual cost", "Task id", "Created",
                "Submitted (service)", "Ended (service)", "Time taken", "Failure", "Results folder", "Image 1 stored at",
                "Result #1 stored at");
        assertThat(field(card, "Model")).isEqualTo("wan2.5-i2i-preview");
        assertThat(field(card, "Region")).isEqualTo("beijing (cn-beijing)");
        assertThat(field(card, "Seed")).isEqualTo("42");
        assertThat(field(card, "Parameters")).isEqualTo("prompt_extend=false");
        assertThat(field(card, "Negative prompt")).isEqualTo("blurry, text");
        assertThat(field(card, "Actual prompt")).isEqualTo("Put a brass clock on the shelf, warm light");
        assertThat(field(card, "Estimated cost")).startsWith("0.20 CNY");
        assertThat(field(card, "Actual cost")).isEqualTo("0.20 CNY");
        assertThat(field(card, "Task id")).isEqualTo("task-" + job.id().value());
        assertThat(field(card, "Time taken")).isEqualTo("42 s at the service");
        assertThat(field(card, "State")).isEqualTo("STORED");
        assertThat(field(card, "Size")).contains("auto requested", "expected 1478*1109");
        assertThat(field(card, "Result #1 stored at")).isEqualTo(tmp.resolve("out/" + job.id() + "/0.png").toString());
        assertThat(card.selectFirst(".prompt").text()).isEqualTo("Put a brass clock on the shelf");

        Element input = card.selectFirst("img[data-role=input]");
        Element result = card.selectFirst("img[data-role=result]");
        assertThat(input.attr("src")).isEqualTo("../inputs/shelf-1.png");
        assertThat(result.attr("src")).isEqualTo("../out/" + job.id() + "/0.png");
        for (Element img : card.select("img")) {
            assertThat(img.attr("loading")).isEqualTo("lazy");
            Path target = tmp.resolve("reports").resolve(URLDecoder.decode(img.attr("src"), StandardCharsets.UTF_8)).normalize();
            assertThat(ImageIO.read(target.toFile())).as("%s resolves to a real image", img.attr("src")).isNotNull();
        }
        Element cmp = card.selectFirst("[data-compare]");
        assertThat(cmp).as("a single-input edit gets a before/after slider").isNotNull();
        assertThat(cmp.selectFirst("img.before").attr("src")).isEqualTo(input.attr("src"));
        assertThat(cmp.selectFirst("img.after").attr("src")).isEqualTo(result.attr("src"));
        assertThat(cmp.selectFirst("input[type=range]")).isNotNull();
        assertThat(card.selectFirst("details").hasAttr("open")).as("a single job is shown open").isTrue();

        String csp = doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertThat(csp).contains("default-src 'none'").doesNotContain("http:").doesNotContain("https:");
        assertThat(doc.select("link[href], script[src]")).as("nothing is fetched: styles and script are inline").isEmpty();
    }

    @Test
    @DisplayName("a prompt with <script> and markup is shown as text, never run")
    void promptWithMarkup_isEscaped() throws IOException {
        String evil = "</p><script>alert('x')</script><img src=x onerror=\"alert(1)\"> & \"quotes\" ' <b>bold</b>";
        EditJob job = storedWan25(2, evil);
        journal.add(job);

        Document doc = write(all(), false, SignedLinks.none());
        String raw = Files.readString(tmp.resolve("reports/report.html"));

        assertThat(doc.select("script")).as("only the page's own script").hasSize(1);
        assertThat(doc.select("script").first().data()).doesNotContain("alert");
        assertThat(doc.select("[onerror]")).isEmpty();
        assertThat(doc.select("b")).isEmpty();
        assertThat(doc.selectFirst("article .prompt").text()).isEqualTo(evil);
        assertThat(raw).contains("&lt;script&gt;").doesNotContain("<script>alert");
    }

    @Test
    @DisplayName("--embed: one file with thumbnails inside and no absolute local path anywhere")
    void embed_isSelfContainedWithoutLocalPaths() throws IOException {
        Path in = Fixtures.png(tmp.resolve("private/inputs/room.png"), 1024, 768, Color.GREEN);
        Path mask = Fixtures.png(tmp.resolve("private/inputs/mask.png"), 1024, 768, Color.BLACK);
        Path out = Fixtures.png(tmp.resolve("private/out/" + Fixtures.id(3) + "/0.png"), 1024, 768, Color.RED);
        EditRequest r = EditRequest.draft("wanx2.1-imageedit").region(Region.BEIJING).prompt("A ceramic rabbit")
                .function("description_edit_with_mask").image(Fixtures.local(in)).mask(Fixtures.local(mask)).n(1).build();
        journal.add(Fixtures.job(Fixtures.id(3), r, JobState.STORED, List.of(Fixtures.stored(0, out, null)), Optional.empty(),
                Optional.empty()));
        journal.add(storedWan25(4, "Another"));

        Document doc = write(all(), true, SignedLinks.none());
        String raw = Files.readString(tmp.resolve("reports/report.html"));

        assertThat(raw).doesNotContain(tmp.toString()).doesNotContain(tmp.toRealPath().toString())
                .doesNotContain("/srv/results").doesNotContain("file:");
        assertThat(doc.select("img")).isNotEmpty().allSatisfy(img -> assertThat(img.attr("src")).startsWith("data:image/"));
        for (Element img : doc.select("img")) {
            BufferedImage thumb = decode(img.attr("src"));
            assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isLessThanOrEqualTo(Pictures.THUMBNAIL_SIDE);
        }
        Element maskImg = doc.selectFirst("img.mask");
        assertThat(maskImg.attr("src")).startsWith("data:image/png;base64,");
        assertThat(field(doc.selectFirst("article[data-job=" + Fixtures.id(3) + "]"), "Mask stored at")).isEqualTo("inputs/mask.png");
        assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content")).contains("img-src data:;");
        assertThat(doc.select(".note").eachText()).anyMatch(n -> n.contains("embedded as thumbnails"));
    }

    @Test
    @DisplayName("a batch: summary counts with failures first, failed and partial jobs first in the grid, a state filter")
    void batch_summaryAndFailuresFirst() throws IOException {
        BatchRef line = new BatchRef("products.jsonl", "a");
        Path in = Fixtures.png(tmp.resolve("in.png"), 640, 480, Color.GRAY);
        Path out = Fixtures.png(tmp.resolve("out/x/0.png"), 640, 480, Color.PINK);
        EditRequest twoImages = Fixtures.wan25(Fixtures.local(in), "Two").n(2).build();
        EditRequest one = Fixtures.wan25(Fixtures.local(in), "One").build();
        journal.add(Fixtures.job(Fixtures.id(10), one, JobState.STORED, List.of(Fixtures.stored(0, out, null)), Optional.empty(),
                Optional.of(line)));
        journal.add(Fixtures.job(Fixtures.id(11), one, JobState.FAILED, List.of(),
                Optional.of(new JobFailure(JobFailure.Kind.TASK_FAILED, "DataInspectionFailed", "Input data may contain inappropriate content.")),
                Optional.of(new BatchRef("products.jsonl", "b"))));
        journal.add(Fixtures.job(Fixtures.id(12), twoImages, JobState.STORED, List.of(Fixtures.stored(0, out, null),
                Fixtures.failedSlot(1)), Optional.empty(), Optional.of(new BatchRef("products.jsonl", "c"))));
        journal.add(Fixtures.job(Fixtures.id(13), one, JobState.RUNNING, List.of(), Optional.empty(),
                Optional.of(new BatchRef("products.jsonl", "d"))));

        Document doc = write(new HtmlReports.Selection(List.of(), Optional.of("products.jsonl"), Optional.empty(), Set.of(), 1000),
                false, SignedLinks.none());

        assertThat(doc.title()).isEqualTo("wanedit batch products.jsonl");
        assertThat(doc.select(".counts .badge").eachText()).containsExactly("partial 1", "FAILED 1", "RUNNING 1", "STORED 2");
        assertThat(doc.selectFirst("[data-summary=failures]").text()).isEqualTo("2");
        assertThat(doc.selectFirst("[data-summary=estimated]").text()).isEqualTo("1.00 CNY");
        assertThat(doc.selectFirst("[data-summary=actual]").text()).isEqualTo("0.40 CNY");
        assertThat(doc.select("article.job").eachAttr("data-job")).containsExactly(Fixtures.id(11).value(), Fixtures.id(12).value(),
                Fixtures.id(13).value(), Fixtures.id(10).value());
        assertThat(doc.select("article.job").eachAttr("data-class")).containsExactly("failed", "partial", "running", "ok");
        assertThat(doc.select(".filter button").eachAttr("data-filter")).containsExactly("all", "failed", "partial", "running", "ok");
        Element failed = doc.selectFirst("article[data-job=" + Fixtures.id(11) + "]");
        assertThat(failed.selectFirst(".failure").text()).contains("DataInspectionFailed", "inappropriate content");
        Element partial = doc.selectFirst("article[data-job=" + Fixtures.id(12) + "]");
        assertThat(partial.select(".image-error").eachText()).containsExactly("#2: InternalError.Timeout: An internal timeout error has occured");
        assertThat(field(partial, "State")).isEqualTo("STORED (partial)");
        Element running = doc.selectFirst("article[data-job=" + Fixtures.id(13) + "]");
        assertThat(field(running, "Actual cost")).isEqualTo("not known until the task ends");
        assertThat(field(running, "Time taken")).isEqualTo("running for 44 min 30 s");
        assertThat(field(running, "Batch")).isEqualTo("products.jsonl, line d");
    }

    @Test
    @DisplayName("wanx2.1 mask over its base and wan2.7 boxes over each input, in the image's proportions")
    void maskAndBoxes_areDrawnOverTheirInputs() throws IOException {
        Path a = Fixtures.png(tmp.resolve("a.png"), 400, 300, Color.CYAN);
        Path b = Fixtures.png(tmp.resolve("b.png"), 800, 800, Color.MAGENTA);
        EditRequest r = EditRequest.draft("wan2.7-image").region(Region.BEIJING).prompt("Put the cup in the box")
                .image(Fixtures.local(a)).image(Fixtures.local(b))
                .boxes(List.of(List.of(new BoundingBox(100, 60, 300, 150)), List.of(new BoundingBox(0, 0, 400, 200),
                        new BoundingBox(10, 10, 20, 20)))).n(1).build();
        journal.add(Fixtures.job(Fixtures.id(20), r, JobState.PENDING, List.of(), Optional.empty(), Optional.empty()));

        Document doc = write(all(), false, SignedLinks.none());

        List<Element> frames = doc.select("figure.input .frame");
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).select(".box").eachAttr("data-box")).containsExactly("[100,60,300,150]");
        assertThat(frames.get(0).selectFirst(".box").attr("style")).isEqualTo("left:25.000%;top:20.000%;width:50.000%;height:30.000%");
        assertThat(frames.get(1).select(".box").eachAttr("data-box")).containsExactly("[0,0,400,200]", "[10,10,20,20]");
        assertThat(frames.get(1).selectFirst(".box").attr("style")).isEqualTo("left:0.000%;top:0.000%;width:50.000%;height:25.000%");
        assertThat(doc.select("figure.input figcaption").get(1).text()).contains("boxes [0,0,400,200] [10,10,20,20]");
        assertThat(doc.selectFirst("[data-compare]")).as("two inputs: no before/after").isNull();
    }

    @Test
    @DisplayName("results in OSS: signed, expiring links, said so on the page and allowed by its policy")
    void ossResults_signedLinks() throws IOException {
        Path in = Fixtures.png(tmp.resolve("in.png"), 640, 480, Color.GRAY);
        EditRequest r = Fixtures.wan25(Fixtures.local(in), "In OSS").build();
        journal.add(Fixtures.job(Fixtures.id(30), r, JobState.STORED, List.of(Fixtures.storedAt(0, "oss://my-bucket/wanedit/x/0.png")),
                Optional.empty(), Optional.empty()));
        Instant expiry = Instant.parse("2026-11-21T12:00:00Z");
        List<String> asked = new ArrayList<>();
        SignedLinks links = uri -> {
            asked.add(uri);
            return Optional.of(new SignedLinks.SignedLink(URI.create("https://my-bucket.oss-cn-beijing.aliyuncs.com/wanedit/x/0.png"
                    + "?Expires=1795000000&OSSAccessKeyId=LTAIexample&Signature=abc%3D"), expiry));
        };

        Document doc = write(all(), false, links);

        assertThat(asked).containsExactly("oss://my-bucket/wanedit/x/0.png");
        Element img = doc.selectFirst("img[data-role=result]");
        assertThat(img.attr("src")).startsWith("https://my-bucket.oss-cn-beijing.aliyuncs.com/wanedit/x/0.png?Expires=");
        assertThat(doc.selectFirst("figure.output .expires").text()).isEqualTo("signed link, expires 2026-11-21 12:00:00 UTC");
        assertThat(doc.select(".note").eachText()).anyMatch(n -> n.contains("signed links that expire")
                && n.contains("2026-11-21 12:00:00 UTC"));
        assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("img-src 'self' file: data: https://my-bucket.oss-cn-beijing.aliyuncs.com;");
        assertThat(field(doc.selectFirst("article"), "Result #1 stored at")).isEqualTo("oss://my-bucket/wanedit/x/0.png");
    }

    @Test
    @DisplayName("remote input URLs and OSS without credentials are not loaded; they are named and explained")
    void remoteInputs_areNotLoaded() throws IOException {
        EditRequest r = EditRequest.draft("wan2.5-i2i-preview").region(Region.BEIJING).prompt("x")
                .image(new ImageInput.RemoteImage(URI.create("https://example.com/in.jpg?token=secret"), Optional.empty()))
                .image(ImageInput.OssImage.parse("oss://bucket/key.png")).n(1).build();
        journal.add(Fixtures.job(Fixtures.id(40), r, JobState.CREATED, List.of(), Optional.empty(), Optional.empty()));

        Document doc = write(all(), false, SignedLinks.none());
        String raw = Files.readString(tmp.resolve("reports/report.html"));

        assertThat(doc.select("img")).isEmpty();
        assertThat(raw).doesNotContain("token=secret");
        assertThat(doc.select(".missing").eachText()).anyMatch(t -> t.contains("https://example.com/in.jpg") && t.contains("not loaded"))
                .anyMatch(t -> t.contains("oss://bucket/key.png") && t.contains("no OSS access"));
        assertThat(doc.selectFirst(".missing a").attr("href")).isEqualTo("https://example.com/in.jpg");
    }

    @Test
    @DisplayName("unknown and malformed job ids are all named at once")
    void unknownJobs_areAllNamed() {
        HtmlReports reports = new HtmlReports(journal, SignedLinks.none(), CLOCK);
        Path file = tmp.resolve("r.html");
        assertThatThrownBy(() -> reports.write(only(Fixtures.id(1).value(), Fixtures.id(2).value()), file, false))
                .isInstanceOf(JobNotFound.class).hasMessageContaining(Fixtures.id(1).value()).hasMessageContaining(Fixtures.id(2).value());
        assertThatThrownBy(() -> reports.write(only("nope", "20261121-1", Fixtures.id(1).value()), file, false))
                .isInstanceOf(dev.wanedit.application.port.in.value.InvalidInput.class).hasMessageContaining("\"nope\"").hasMessageContaining("\"20261121-1\"");
        assertThat(file).doesNotExist();
    }

    @Test
    @DisplayName("1 000 jobs: one card each with lazily loaded thumbnails, closed details and the filter")
    void thousandJobs_stayUsable() throws IOException {
        Path in = Fixtures.png(tmp.resolve("in.png"), 640, 480, Color.GRAY);
        Path out = Fixtures.png(tmp.resolve("out/0.png"), 640, 480, Color.YELLOW);
        EditRequest r = Fixtures.wan25(Fixtures.local(in), "Many").build();
        for (int i = 0; i < 1000; i++) {
            journal.add(Fixtures.job(Fixtures.id(i), r, i % 100 == 7 ? JobState.FAILED : JobState.STORED,
                    i % 100 == 7 ? List.of() : List.of(Fixtures.stored(0, out, null)),
                    i % 100 == 7 ? Optional.of(new JobFailure(JobFailure.Kind.TASK_FAILED, "X", "y")) : Optional.empty(),
                    Optional.empty()));
        }

        Document doc = write(all(), false, SignedLinks.none());

        assertThat(doc.select("article.job")).hasSize(1000);
        assertThat(doc.select("article.job").subList(0, 10)).allSatisfy(a -> assertThat(a.attr("data-class")).isEqualTo("failed"));
        assertThat(doc.select("img")).allSatisfy(img -> assertThat(img.attr("loading")).isEqualTo("lazy"));
        assertThat(doc.select("article details[open]")).isEmpty();
        assertThat(doc.select(".counts .badge").eachText()).containsExactly("FAILED 10", "STORED 990");
    }

    private static String field(Element card, String name) {
        for (Element tr : card.select("table.fields tr")) {
            if (tr.selectFirst("th").text().equals(name)) {
                return tr.selectFirst("td").wholeText();
            }
        }
        throw new AssertionError("no field " + name + " in " + card.select("table.fields th").eachText());
    }

    private static BufferedImage decode(String dataUri) throws IOException {
        byte[] bytes = Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1));
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
