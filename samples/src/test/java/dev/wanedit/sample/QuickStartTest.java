package dev.wanedit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorClock;
import dev.wanedit.emulator.EmulatorExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's example runs: configured as shown (plus the emulator's endpoint and key), it stores a decodable result. */
@DisplayName("the README's embedding example edits the sample image against the emulator")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QuickStartTest {

    @RegisterExtension
    final EmulatorExtension emulators = EmulatorExtension.configured(b -> b.clock(EmulatorClock.manual(Instant.now())));

    @TempDir
    Path tmp;

    @Test
    @DisplayName("QuickStart.edit stores the result and closes everything it started")
    void quickStart_storesResult() throws Exception {
        DashScopeEmulator emulator = emulators.emulator();
        Path room = Path.of(System.getProperty("wanedit.samples", ".")).resolve("living-room.png");
        CompletableFuture<List<String>> stored = CompletableFuture.supplyAsync(() -> {
            try {
                return QuickStart.edit(QuickStart.configure(tmp).apiKey(emulator::apiKey)
                        .endpoint(URI.create(emulator.baseUrl())).pollScale(0.01), room, "Put a clock on the shelf");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        EditServiceTest.waitFor(() -> emulator.journal().tasksCreated() == 1);
        emulator.clock().advance(Duration.ofMinutes(10));

        List<String> files = stored.get(60, TimeUnit.SECONDS);
        assertThat(files).isNotEmpty();
        for (String f : files) {
            assertThat(Path.of(f)).startsWith(tmp.resolve("results"));
            assertThat(ImageIO.read(Path.of(f).toFile())).isNotNull();
        }
        assertThat(tmp.resolve("journal.db")).isRegularFile();
    }
}
