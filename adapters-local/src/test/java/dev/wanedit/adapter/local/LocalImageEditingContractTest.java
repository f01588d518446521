package dev.wanedit.adapter.local;

import dev.wanedit.application.fakes.ManualClock;
import dev.wanedit.application.port.out.ImageEditingContract;
import dev.wanedit.application.port.out.ImageEditingService;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.domain.request.ImageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract, run against the local provider on a manual clock and a temporary folder. */
class LocalImageEditingContractTest extends ImageEditingContract {

    @TempDir
    Path dir;

    private ManualClock clock;
    private LocalProviderSettings settings;
    private LocalImageEditing editing;
    private LocalResultDownloader downloader;
    private int inputs;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
        settings = new LocalProviderSettings(dir.resolve("provider"), clock, Duration.ofSeconds(10), Duration.ofSeconds(20),
                LocalProviderSettings.DEFAULT_MAX_DOWNLOAD_BYTES);
        editing = new LocalImageEditing(settings);
        downloader = new LocalResultDownloader(settings);
    }

    @Override
    protected ImageEditingService editing() {
        return editing;
    }

    @Override
    protected ResultDownloader downloader() {
        return downloader;
    }

    @Override
    protected ImageInput image(int width, int height) {
        return LocalTestImages.write(dir.resolve("inputs").resolve("in-" + (inputs++) + ".png"), width, height);
    }

    @Override
    protected void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected Duration taskTime() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected int tasksCreated() {
        Path tasks = settings.tasks();
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tasks)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".properties")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected String unknownTaskId() {
        return LocalTasks.newId();
    }
}
