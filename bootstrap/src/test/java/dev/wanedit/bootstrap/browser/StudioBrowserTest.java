package dev.wanedit.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.wanedit.adapter.cli.ReportRenderer;
import dev.wanedit.adapter.cli.StudioLauncher;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.bootstrap.TestWiring;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser over the real wiring: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs) opens the studio, paints a mask and
 * draws a box with synthetic mouse events, submits against the emulator on 127.0.0.1, and opens
 * the reports of the jobs it made. One browser session for the whole class; skipped, saying why,
 * when Chromium is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("a real browser: the studio's mask painter and box tool against the emulator, then the reports")
class StudioBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SAMPLES = Path.of(System.getProperty("wanedit.samples", "../samples")).toAbsolutePath().normalize();
    private static final Path SHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();
    private static final long SEED = 4242;

    private static Path root;
    private static DashScopeEmulator emulator;
    private static TestWiring wiring;
    private static Injector injector;
    private static StudioLauncher.RunningStudio studio;
    private static WebDriver driver;
    private static String key;
    private static final List<String> pagesSeen = new ArrayList<>();
    private static String maskJob;
    private static String boxJob;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); `.ci/run` installs them with apt-get when it can, or run: apt-get install chromium chromium-driver");
        root = Files.createTempDirectory("wanedit-browser-");
        emulator = DashScopeEmulator.builder().port(0).timeScale(0.02).limitsEnabled(false).start();
        key = emulator.apiKey();
        wiring = TestWiring.againstEmulator(root, emulator.baseUrl(), key, 0.02);
        injector = Guice.createInjector(Stage.PRODUCTION, wiring.modules());
        studio = injector.getInstance(StudioLauncher.class).start(0);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--disable-extensions", "--window-size=1400,1100", "--user-data-dir=" + Files.createDirectories(root.resolve("profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (studio != null) {
            studio.close();
        }
        if (wiring != null) {
            wiring.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (root != null) {
            try (var s = Files.walk(root)) {
                s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("mask painter: a brush stroke becomes a mask of the base image's size, which the emulator receives")
    void paintMask_andSubmit() throws Exception {
        Path base = copy("living-room.png");
        open(studio.url() + "edit");
        new Select(wait(By.id("model"))).selectByValue("wanx2.1-imageedit");
        new Select(driver.findElement(By.id("function"))).selectByValue("description_edit_with_mask");
        driver.findElement(By.id("prompt")).sendKeys("A ceramic rabbit on the sofa");
        driver.findElement(By.id("seed")).sendKeys(String.valueOf(SEED));
        driver.findElement(By.cssSelector(".imagerow input[type=file]")).sendKeys(base.toString());
        WebElement canvas = waitUntil("the painter is on the base image", () -> present(By.cssSelector(".painter canvas")));
        assertThat(js("var c = document.querySelector('.painter canvas'); return c.width + '*' + c.height;")).isEqualTo("1024*768");
        assertThat(imagesLoaded()).isTrue();

        settled();
        Rectangle r = canvas.getRect();
        new Actions(driver).moveToElement(canvas, -r.getWidth() / 4, 0).clickAndHold()
                .moveByOffset(r.getWidth() / 4, 0).moveByOffset(r.getWidth() / 4, 0).release().perform();
        // the eraser takes a bite out of the stroke's right end
        driver.findElement(By.id("tool-eraser")).click();
        new Actions(driver).moveToElement(canvas, r.getWidth() / 4, 0).click().perform();
        driver.findElement(By.id("tool-brush")).click();

        waitUntil("the form is valid and priced", () -> "false".equals(driver.findElement(By.id("edit")).getAttribute("data-pending"))
                && driver.findElement(By.id("submit")).isEnabled()
                && driver.findElement(By.id("cost")).getText().contains("0.14 CNY"));
        assertThat(driver.findElement(By.id("cost")).getText()).isEqualTo("Estimated cost: 0.14 CNY for up to 1 image of about 1024*768 px");
        screenshot("studio-mask");
        submit();
        maskJob = driver.getCurrentUrl().replaceAll(".*/jobs/", "");
        waitUntil("the job is stored (the page follows it live)", () -> driver.findElement(By.cssSelector("article .badge")).getText()
                .equals("STORED"));
        remember();
        assertThat(imagesLoaded()).isTrue();
        screenshot("studio-mask-job");

        // what the studio sent: the job's mask, black and white, exactly the base image's size, white where painted
        EditJob job = injector.getInstance(ManageJobs.class).status(new JobId(maskJob), false);
        Path maskFile = Path.of(job.request().mask().orElseThrow().reference());
        BufferedImage mask = ImageIO.read(maskFile.toFile());
        assertThat(mask.getWidth()).isEqualTo(1024);
        assertThat(mask.getHeight()).isEqualTo(768);
        assertThat(gray(mask, 400, 384)).as("painted").isEqualTo(255);
        assertThat(gray(mask, 512, 384)).as("painted").isEqualTo(255);
        assertThat(gray(mask, 768, 384)).as("erased").isZero();
        assertThat(gray(mask, 512, 100)).as("never painted").isZero();
        assertThat(gray(mask, 100, 700)).as("never painted").isZero();
        for (int y = 0; y < 768; y += 7) {
            for (int x = 0; x < 1024; x += 7) {
                assertThat(gray(mask, x, y)).isIn(0, 255);
            }
        }

        // what the emulator received: one create with the mask (it refuses a mask of another size than the base)
        List<RecordedRequest> creates = emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS);
        assertThat(creates).hasSize(1);
        JsonNode input = creates.get(0).json().get("input");
        assertThat(input.get("function").asText()).isEqualTo("description_edit_with_mask");
        assertThat(input.get("mask_image_url").asText()).startsWith("oss://");
        assertThat(creates.get(0).status()).isEqualTo(200);

        // and it drew that mask: the same edit with an empty mask differs exactly where the stroke is
        Path blank = root.resolve("blank-mask.png");
        ImageIO.write(new BufferedImage(1024, 768, BufferedImage.TYPE_BYTE_GRAY), "png", blank.toFile());
        EditJob control = run(EditRequest.draft("wanx2.1-imageedit").function("description_edit_with_mask")
                .prompt("A ceramic rabbit on the sofa").image(base.toString()).mask(blank.toString()).seed(SEED).n(1));
        BufferedImage painted = result(job);
        BufferedImage empty = result(control);
        assertThat(painted.getRGB(512, 384)).as("inside the stroke").isNotEqualTo(empty.getRGB(512, 384));
        assertThat(painted.getRGB(512, 100)).as("far from the stroke").isEqualTo(empty.getRGB(512, 100));
    }

    @Test
    @Order(2)
    @DisplayName("box tool: a box dragged on an image is sent as bbox_list in that image's pixels")
    void drawBox_andSubmit() throws Exception {
        Path a = copy("living-room.png");
        Path b = root.resolve("second.png");
        Files.copy(SAMPLES.resolve("living-room-mask.png"), b, StandardCopyOption.REPLACE_EXISTING);
        open(studio.url() + "edit");
        new Select(wait(By.id("model"))).selectByValue("wan2.7-image");
        driver.findElement(By.id("prompt")).sendKeys("Put a lamp in the box");
        driver.findElement(By.cssSelector(".imagerow input[type=file]")).sendKeys(a.toString());
        waitUntil("the first image is shown", () -> present(By.cssSelector(".imagerow .painter img")));
        driver.findElement(By.id("add-image")).click();
        driver.findElements(By.cssSelector(".imagerow input[type=file]")).get(1).sendKeys(b.toString());
        waitUntil("both images are shown", () -> driver.findElements(By.cssSelector(".imagerow .painter img")).size() == 2
                && imagesLoaded());

        settled();
        WebElement img = driver.findElements(By.cssSelector(".imagerow .painter img")).get(0);
        Rectangle r = img.getRect();
        int dx1 = -r.getWidth() / 4;
        int dy1 = -r.getHeight() / 4;
        int dx = r.getWidth() / 3;
        int dy = r.getHeight() / 3;
        new Actions(driver).moveToElement(img, dx1, dy1).clickAndHold().moveByOffset(dx / 2, dy / 2).moveByOffset(dx - dx / 2, dy - dy / 2)
                .release().perform();
        WebElement box = waitUntil("the box is drawn", () -> present(By.cssSelector(".imagerow .painter .box[data-box]")));
        String drawnText = box.getAttribute("data-box");
        int[] drawn = java.util.Arrays.stream(drawnText.split(",")).mapToInt(Integer::parseInt).toArray();
        double scale = 1024.0 / r.getWidth();
        double x1 = (r.getWidth() / 2.0 + dx1) * scale;
        double y1 = (r.getHeight() / 2.0 + dy1) * scale;
        assertThat((double) drawn[0]).isCloseTo(x1, within(scale + 1));
        assertThat((double) drawn[1]).isCloseTo(y1, within(scale + 1));
        assertThat((double) drawn[2]).isCloseTo(x1 + dx * scale, within(scale + 1));
        assertThat((double) drawn[3]).isCloseTo(y1 + dy * scale, within(scale + 1));

        waitUntil("the form is valid and priced", () -> "false".equals(driver.findElement(By.id("edit")).getAttribute("data-pending"))
                && driver.findElement(By.id("submit")).isEnabled()
                && driver.findElement(By.id("cost")).getText().startsWith("Estimated cost: 0.20 CNY"));
        screenshot("studio-box");
        submit();
        boxJob = driver.getCurrentUrl().replaceAll(".*/jobs/", "");
        waitUntil("the job is stored", () -> driver.findElement(By.cssSelector("article .badge")).getText().equals("STORED"));
        remember();
        assertThat(driver.findElements(By.cssSelector("figure.input .box")).get(0).getAttribute("data-box"))
                .isEqualTo("[" + drawnText + "]");

        List<RecordedRequest> creates = emulator.journal().requests(Endpoint.IMAGE_GENERATION);
        assertThat(creates).hasSize(1);
        JsonNode boxes = creates.get(0).json().get("parameters").get("bbox_list");
        assertThat(boxes.toString()).isEqualTo("[[[" + drawn[0] + "," + drawn[1] + "," + drawn[2] + "," + drawn[3] + "]],[]]");
    }

    @Test
    @Order(3)
    @DisplayName("the reports of those jobs: every image loads, relative and embedded; the API key is nowhere")
    void reports_loadTheirImages() throws Exception {
        Assumptions.assumeTrue(maskJob != null && boxJob != null, "the studio tests above made no jobs");
        ReportRenderer reports = injector.getInstance(ReportRenderer.class);
        for (boolean embed : List.of(false, true)) {
            Path file = root.resolve(embed ? "share/report.html" : "out/report.html");
            ReportRenderer.Written w = reports.write(new ReportRenderer.Request(List.of(maskJob, boxJob), Optional.empty(),
                    Optional.empty(), Set.of(), 1000, Optional.of(file), embed));
            assertThat(w.jobs()).isEqualTo(2);
            open(file.toUri().toString());
            js("document.querySelectorAll('details').forEach(function (d) { d.open = true; });"
                    + "document.querySelectorAll('img').forEach(function (i) { i.loading = 'eager'; });");
            waitUntil("every image of the report is loaded", this::imagesLoaded);
            long images = (Long) js("return document.images.length;");
            assertThat(images).isGreaterThanOrEqualTo(embed ? 6 : 6);
            assertThat(driver.findElements(By.cssSelector("img.mask"))).hasSize(1);
            assertThat(driver.findElements(By.cssSelector("figure.input .box"))).hasSize(1);
            WebElement range = driver.findElement(By.cssSelector("[data-compare] input[type=range]"));
            js("arguments[0].value = 20; arguments[0].dispatchEvent(new Event('input'));", range);
            assertThat(driver.findElement(By.cssSelector("[data-compare] img.after")).getCssValue("clip-path")).isEqualTo("inset(0px 0px 0px 20%)");
            screenshot(embed ? "report-embedded" : "report");
            remember();
            String html = Files.readString(file);
            assertThat(html).doesNotContain(key);
            if (embed) {
                assertThat(html).doesNotContain(root.toString());
            }
        }
    }

    @Test
    @Order(4)
    @DisplayName("the API key never reached a page, the browser's storage or a URL")
    void apiKey_neverReachesTheBrowser() {
        Assumptions.assumeTrue(!pagesSeen.isEmpty(), "no page was seen");
        open(studio.url());
        remember();
        assertThat(pagesSeen).allSatisfy(p -> assertThat(p).doesNotContain(key));
    }

    // ---- helpers ----

    /** Waits until the form's last check has answered, so that nothing moves on the page while the mouse drags. */
    private static void settled() {
        waitUntil("the form is checked", () -> "false".equals(driver.findElement(By.id("edit")).getAttribute("data-pending")));
    }

    /** Clicks submit and waits for the job's page, or fails with what the page said instead. */
    private static void submit() throws IOException {
        driver.findElement(By.id("submit")).click();
        try {
            // One script reads the three signs inside one document: with separate element reads the page can
            // navigate between finding a node and reading its text, and Chrome then answers "Node with given id
            // does not belong to the document".
            waitUntil("the job page or an error", () -> (Boolean) js("function text(id) { var e = document.getElementById(id);"
                    + " return e ? e.textContent.trim() : ''; }"
                    + " return location.pathname.indexOf('/jobs/') >= 0 || text('submit-error') !== '' || text('general-errors') !== '';"));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("submit-timeout");
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, st) -> {
                if (t.getName().startsWith("wanedit")) {
                    threads.append(t.getName()).append(' ').append(t.getState()).append('\n');
                    for (StackTraceElement el : st) {
                        threads.append("    ").append(el).append('\n');
                    }
                }
            });
            throw new AssertionError("no answer to submit; url " + driver.getCurrentUrl() + ", button enabled "
                    + driver.findElement(By.id("submit")).isEnabled() + "\n" + threads, e);
        }
        if (!driver.getCurrentUrl().contains("/jobs/")) {
            throw new AssertionError("the studio did not take the edit: " + driver.findElement(By.id("submit-error")).getText() + " "
                    + driver.findElement(By.id("general-errors")).getText());
        }
    }

    private EditJob run(EditRequestDraft c) throws InterruptedException {
        var request = injector.getInstance(ValidateEdit.class).prepare(c);
        EditJob job = injector.getInstance(SubmitEdit.class).submit(request, SubmitOptions.async()).journaled().orElseThrow();
        EditJob done = injector.getInstance(AwaitJob.class).await(job.id(), Duration.ofMinutes(2), ProgressListener.NONE).job();
        assertThat(done.state()).isEqualTo(JobState.STORED);
        return done;
    }

    private static BufferedImage result(EditJob job) throws IOException {
        EditJob now = injector.getInstance(ManageJobs.class).status(job.id(), false);
        return ImageIO.read(Path.of(now.results().get(0).storedAt().orElseThrow()).toFile());
    }

    private static int gray(BufferedImage img, int x, int y) {
        return img.getRaster().getSample(x, y, 0);
    }

    private static Path copy(String sample) throws IOException {
        Path target = root.resolve("inputs").resolve(sample);
        Files.createDirectories(target.getParent());
        return Files.copy(SAMPLES.resolve(sample), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void open(String url) {
        driver.get(url);
        remember();
    }

    /** Every page's source, URL, cookies and web storage, for the key check. */
    private static void remember() {
        pagesSeen.add(driver.getCurrentUrl());
        pagesSeen.add(driver.getPageSource());
        pagesSeen.add(String.valueOf(((JavascriptExecutor) driver).executeScript(
                "try { return document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage); } catch (e) { return ''; }")));
    }

    private boolean imagesLoaded() {
        return (Boolean) js("return Array.prototype.every.call(document.images, function (i) { return i.complete && i.naturalWidth > 0; });");
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static WebElement wait(By by) {
        return waitUntil(by.toString(), () -> present(by));
    }

    private static WebElement present(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    private static <T> T waitUntil(String what, java.util.function.Supplier<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what)
                // A page that navigates while a condition reads it answers with a stale element, a node of the old
                // document or a script cut off by the unload; the condition is asked again, and a real failure
                // still ends in the timeout with the last of these as its cause.
                .ignoring(org.openqa.selenium.WebDriverException.class).until(d -> {
            T v = condition.get();
            return v instanceof Boolean bool && !bool ? null : v;
        });
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(shot.getWidth()).isGreaterThan(0);
        Files.write(SHOTS.resolve(name + ".png"), png);
    }
}
