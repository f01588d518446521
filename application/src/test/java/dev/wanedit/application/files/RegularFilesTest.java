package dev.wanedit.application.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularFilesTest {

    @TempDir
    Path dir;

    /** Makes a named pipe with mkfifo(1); the tests that need one are skipped where there is none. */
    static Path fifo(Path at) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is available");
        return at;
    }

    @Test
    void problem_regularFile_isEmpty_evenThroughASymlink() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);

        assertThat(RegularFiles.problem(file)).isEmpty();
        assertThat(RegularFiles.problem(link)).isEmpty();
    }

    @Test
    void problem_namesWhatThePathIs() throws Exception {
        Path pipe = fifo(dir.resolve("pipe"));
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));
        Path underFile = Files.writeString(dir.resolve("file"), "x").resolve("child.png");

        assertThat(RegularFiles.problem(pipe)).contains("is a named pipe (FIFO), not a regular file");
        assertThat(RegularFiles.problem(Files.createSymbolicLink(dir.resolve("to-pipe"), pipe)))
                .contains("is a named pipe (FIFO), not a regular file");
        assertThat(RegularFiles.problem(dir)).contains("is a directory, not a file");
        assertThat(RegularFiles.problem(dir.resolve("missing.png"))).contains("no such file");
        assertThat(RegularFiles.problem(loop)).hasValueSatisfying(p -> assertThat(p).startsWith("is a symbolic link loop"));
        assertThat(RegularFiles.problem(dangling)).contains("is a symbolic link to a file that does not exist");
        assertThat(RegularFiles.problem(underFile)).hasValueSatisfying(p -> assertThat(p).startsWith("no such file"));
    }

    @Test
    void problem_devices() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "a /dev/zero");

        assertThat(RegularFiles.problem(zero)).hasValueSatisfying(p -> assertThat(p).startsWith("is a character device"));
    }
}
