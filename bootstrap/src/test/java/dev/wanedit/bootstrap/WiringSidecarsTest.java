package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.cli.render.SidecarLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar that status, jobs and resume name: the rule of the store the location belongs to, and a local one only when it is there (#17). */
class WiringSidecarsTest {

    private final SidecarLocator sidecars = Wiring.sidecars();

    @Test
    void ossLocation_namesTheCompanionObject_whateverTheSettings() {
        // the OSS store writes <key>.json; the local rule (<n>.json) was named before, an object that does not exist
        assertThat(sidecars.sidecarOf("oss://results/runs/20261203-194500-001-abcde/0.png"))
                .contains("oss://results/runs/20261203-194500-001-abcde/0.png.json");
    }

    @Test
    void localLocation_namesTheSidecarBesideTheImage_onlyWhenItIsThere(@TempDir Path dir) throws Exception {
        Path image = Files.write(dir.resolve("0.png"), new byte[] {1});
        Path variant = Files.write(dir.resolve("0-2.png"), new byte[] {2});

        assertThat(sidecars.sidecarOf(image.toString())).as("its write failed: not named").isEmpty();

        Files.writeString(dir.resolve("0.json"), "{}");
        assertThat(sidecars.sidecarOf(image.toString())).contains(dir.resolve("0.json").toString());
        assertThat(sidecars.sidecarOf(variant.toString())).isEmpty();
        Files.createDirectory(dir.resolve("0-2.json"));
        assertThat(sidecars.sidecarOf(variant.toString())).as("a folder is no sidecar").isEmpty();
    }
}
