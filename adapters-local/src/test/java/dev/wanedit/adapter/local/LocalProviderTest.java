package dev.wanedit.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.fakes.ManualClock;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.Submission;
import dev.wanedit.application.port.out.TaskSearch;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local provider does beyond the contract: its operations, its records across restarts, its downloader's fence. */
class LocalProviderTest {

    @TempDir
    Path dir;

    private ManualClock clock;
    private LocalProviderSettings settings;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
        settings = LocalProviderSettings.of(dir.resolve("provider")).withClock(clock).withTaskTime(Duration.ofSeconds(20));
    }

    private ImageInput input(int w, int h) {
        return LocalTestImages.write(dir.resolve("in.png"), w, h);
    }

    private BufferedImage run(LocalImageEditing editing, EditRequest request) throws IOException {
        Submission s = editing.create(editing.prepare(request, SubmitMode.ASYNC, editing.endpoint()));
        clock.advance(Duration.ofSeconds(20));
        TaskSnapshot done = editing.fetch(s.task());
        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        return new LocalResultDownloader(settings).download(done.results().get(0).url().orElseThrow(),
                (body, type, length) -> ImageIO.read(body));
    }

    private static EditRequestDraft wanx(String function, String prompt, ImageInput in) {
        return EditRequest.draft("wanx2.1-imageedit").function(function).prompt(prompt).image(in);
    }

    @Test
    void blackAndWhite_givesGreyPixels_ofTheInputSize() throws IOException {
        BufferedImage out = run(new LocalImageEditing(settings), wanx("description_edit", "make it black and white",
                input(640, 512)).build());
        assertThat(out.getWidth()).isEqualTo(640);
        assertThat(out.getHeight()).isEqualTo(512);
        int rgb = out.getRGB(10, 10);
        assertThat((rgb >> 16) & 0xff).isEqualTo((rgb >> 8) & 0xff).isEqualTo(rgb & 0xff).isNotEqualTo(255);
    }

    @Test
    void flip_mirrorsTheImage() throws IOException {
        BufferedImage out = run(new LocalImageEditing(settings), wanx("description_edit", "flip it horizontally",
                input(640, 512)).build());
        assertThat(out.getRGB(10, 10) & 0xffffff).isEqualTo(0xffffff); // the white half is now on the left
        assertThat(out.getRGB(630, 10) & 0xffffff).isEqualTo(LocalTestImages.picture(640, 512).getRGB(10, 10) & 0xffffff);
    }

    @Test
    void superResolution_scalesByTheUpscaleFactor() throws IOException {
        BufferedImage out = run(new LocalImageEditing(settings), wanx("super_resolution", "sharper", input(640, 512))
                .param("upscale_factor", 2).build());
        assertThat(out.getWidth()).isEqualTo(1280);
        assertThat(out.getHeight()).isEqualTo(1024);
    }

    @Test
    void expand_padsBySideScales_keepingTheImageInPlace() throws IOException {
        EditRequest request = wanx("expand", "more sky", input(640, 512)).param("left_scale", 1.5).param("top_scale", 1.5)
                .build();
        BufferedImage out = run(new LocalImageEditing(settings), request);
        assertThat(out.getWidth()).isEqualTo(request.expectedOutput().dimensions().orElseThrow().width()).isEqualTo(800);
        assertThat(out.getHeight()).isEqualTo(640);
        // the input's left edge is now 160 px in and 128 px down
        assertThat(out.getRGB(160 + 5, 128 + 5) & 0xffffff).isEqualTo(LocalTestImages.picture(640, 512).getRGB(5, 5) & 0xffffff);
    }

    @Test
    void colorization_keepsThePixels() throws IOException {
        BufferedImage out = run(new LocalImageEditing(settings), wanx("colorization", "colour it", input(640, 512)).build());
        BufferedImage in = LocalTestImages.picture(640, 512);
        assertThat(out.getRGB(5, 5)).isEqualTo(in.getRGB(5, 5));
        assertThat(out.getRGB(600, 5)).isEqualTo(in.getRGB(600, 5));
    }

    @Test
    void otherPrompts_tintDeterministically_byPrompt() throws IOException {
        LocalImageEditing editing = new LocalImageEditing(settings);
        int a = run(editing, wanx("description_edit", "a sunset", input(640, 512)).build()).getRGB(600, 5);
        int again = run(editing, wanx("description_edit", "a sunset", input(640, 512)).build()).getRGB(600, 5);
        int other = run(editing, wanx("description_edit", "a forest", input(640, 512)).build()).getRGB(600, 5);
        assertThat(again).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
        assertThat(a & 0xffffff).isNotEqualTo(0xffffff);
    }

    @Test
    void wan25_withoutSize_getsTheDomainsDefaultOutputSize() throws IOException {
        EditRequest request = EditRequest.draft("wan2.5-i2i-preview").prompt("make it black and white").image(input(640, 512))
                .build();
        BufferedImage out = run(new LocalImageEditing(settings), request);
        assertThat(out.getWidth() + "*" + out.getHeight()).isEqualTo(request.expectedOutput().dimensions().orElseThrow().toString());
        assertThat(out.getWidth()).isNotEqualTo(640);
    }

    @Test
    void tasks_surviveARestart_andTheirStateStaysTheClocks() {
        LocalImageEditing first = new LocalImageEditing(settings);
        EditRequest request = wanx("description_edit", "make it black and white", input(640, 512)).n(2).build();
        Submission kept = first.create(first.prepare(request, SubmitMode.ASYNC, first.endpoint()));
        Submission cancelled = first.create(first.prepare(request, SubmitMode.ASYNC, first.endpoint()));
        first.cancel(cancelled.task());

        LocalImageEditing restarted = new LocalImageEditing(settings);
        assertThat(restarted.endpoint()).isEqualTo(first.endpoint());
        assertThat(restarted.fetch(kept.task()).status()).isEqualTo(RemoteStatus.PENDING);
        clock.advance(Duration.ofSeconds(10));
        assertThat(restarted.fetch(kept.task()).status()).isEqualTo(RemoteStatus.RUNNING);
        clock.advance(Duration.ofSeconds(10));
        TaskSnapshot done = restarted.fetch(kept.task());
        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(done.results()).hasSize(2);
        assertThat(restarted.fetch(cancelled.task()).status()).isEqualTo(RemoteStatus.CANCELED);
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        assertThat(restarted.listTaskPage(new TaskSearch(request.region(), restarted.endpoint(), "wanx2.1-imageedit",
                t0.minusSeconds(1), t0.plusSeconds(1)), 1).tasks())
                .extracting(t -> t.taskId() + " " + t.status())
                .containsExactlyInAnyOrder(kept.task().taskId() + " SUCCEEDED", cancelled.task().taskId() + " CANCELED");
    }

    @Test
    void records_areWrittenWhole_noTemporaryFileIsLeft() throws IOException {
        LocalImageEditing editing = new LocalImageEditing(settings);
        Submission s = editing.create(editing.prepare(wanx("description_edit", "x", input(640, 512)).n(3).build(),
                SubmitMode.ASYNC, editing.endpoint()));
        try (Stream<Path> all = Files.walk(settings.folder())) {
            assertThat(all.filter(Files::isRegularFile).map(p -> settings.folder().relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder("tasks/" + s.task().taskId() + ".properties",
                            "results/" + s.task().taskId() + "/0.png", "results/" + s.task().taskId() + "/1.png",
                            "results/" + s.task().taskId() + "/2.png");
        }
    }

    @Test
    void aTaskIdThatIsNotOneOfOurs_neverNamesAFile() throws IOException {
        LocalImageEditing editing = new LocalImageEditing(settings);
        Files.createDirectories(settings.tasks());
        Files.writeString(dir.resolve("provider").resolve("evil.properties"), "id=x");
        for (String id : new String[] {"../evil", "local-../../x", "tasks/../../evil"}) {
            assertThat(editing.fetch(new RemoteTaskRef(id, dev.wanedit.domain.catalog.Region.BEIJING, editing.endpoint())).status())
                    .isEqualTo(RemoteStatus.UNKNOWN);
        }
    }

    @Test
    void aJobMeantForAnotherEndpoint_isNotSentHere() {
        LocalImageEditing editing = new LocalImageEditing(settings);
        EditRequest request = wanx("description_edit", "x", input(640, 512)).build();
        assertThatThrownBy(() -> editing.prepare(request, SubmitMode.ASYNC, Optional.of("https://dashscope.aliyuncs.com")))
                .isInstanceOf(RemoteServiceException.Unavailable.class).hasMessageContaining("dashscope.aliyuncs.com");
        assertThatThrownBy(() -> editing.fetch(new RemoteTaskRef(LocalTasks.newId(), dev.wanedit.domain.catalog.Region.BEIJING,
                Optional.of("http://127.0.0.1:8089")))).isInstanceOf(RemoteServiceException.Unavailable.class);
    }

    @Test
    void theDownloader_servesOnlyPngFilesInsideItsResultsFolder_upToItsCap() throws IOException {
        LocalImageEditing editing = new LocalImageEditing(settings);
        Submission s = editing.create(editing.prepare(wanx("description_edit", "x", input(640, 512)).build(),
                SubmitMode.ASYNC, editing.endpoint()));
        Path result = settings.results().resolve(s.task().taskId()).resolve("0.png");
        long size = Files.size(result);
        Path outside = dir.resolve("secret.png");
        Files.copy(result, outside);
        Path link = settings.results().resolve("link.png");
        Files.createSymbolicLink(link, outside);
        Path notPng = settings.results().resolve("fake.png");
        Files.writeString(notPng, "not an image");

        LocalResultDownloader downloader = new LocalResultDownloader(settings);
        byte[] served = downloader.download(result.toUri(), (in, t, l) -> in.readAllBytes());
        assertThat(served).hasSize((int) size).isEqualTo(Files.readAllBytes(result));
        for (URI refused : new URI[] {outside.toUri(), link.toUri(),
                URI.create(settings.results().toUri() + "../tasks/" + s.task().taskId() + ".properties"),
                URI.create(settings.results().toUri() + s.task().taskId() + "/../../../secret.png"), notPng.toUri()}) {
            assertThatThrownBy(() -> downloader.download(refused, (in, t, l) -> in.readAllBytes()))
                    .as(refused.toString()).isInstanceOf(RemoteServiceException.Rejected.class);
        }
        assertThatThrownBy(() -> downloader.download(settings.results().resolve(s.task().taskId()).resolve("7.png").toUri(),
                (in, t, l) -> 0)).isInstanceOf(RemoteServiceException.DownloadDenied.class);
        LocalResultDownloader capped = new LocalResultDownloader(settings.withMaxDownloadBytes(size - 1));
        assertThatThrownBy(() -> capped.download(result.toUri(), (in, t, l) -> 0))
                .isInstanceOf(RemoteServiceException.Rejected.class).hasMessageContaining("cap");
    }
}
