package dev.wanedit.adapter.storage.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

@DisplayName("sqlite-jdbc's native library: unpacked once into the user's cache, not once per process into /tmp")
class SqliteNativeLibraryTest {

    @TempDir
    Path dir;

    private static byte[] libraryInTheJar() throws IOException {
        String resource = "/" + LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/+", "") + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            assertThat(in).as("sqlite-jdbc ships a library for this platform: " + resource).isNotNull();
            return in.readAllBytes();
        }
    }

    private List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @Test
    @DisplayName("the first call unpacks the whole library under a versioned name; the next ones reuse it untouched")
    void unpacksOnce() throws Exception {
        Path folder = dir.resolve("cache/wanedit/native");
        Path lib = SqliteNativeLibrary.unpackInto(folder).orElseThrow();
        assertThat(lib.getParent()).isEqualTo(folder);
        assertThat(lib.getFileName().toString()).contains(org.sqlite.SQLiteJDBCLoader.getVersion()).endsWith(".so");
        assertThat(Files.readAllBytes(lib)).isEqualTo(libraryInTheJar());

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(lib, old);
        assertThat(SqliteNativeLibrary.unpackInto(folder)).contains(lib);
        assertThat(Files.getLastModifiedTime(lib)).as("not written again").isEqualTo(old);
        assertThat(filesIn(folder)).as("no temporary file left").containsExactly(lib);
    }

    @Test
    @DisplayName("the library is remembered for the platform: a later process reads the index, not sqlite-jdbc's lookup")
    void indexed() throws Exception {
        Path folder = dir.resolve("cache/wanedit/native");
        Path lib = SqliteNativeLibrary.unpackInto(folder).orElseThrow();
        String platform = SqliteNativeLibrary.platformKey().orElseThrow();
        List<Path> indexes = filesIn(folder.resolveSibling("native-index"));
        assertThat(indexes).hasSize(1);
        assertThat(Files.readString(indexes.get(0))).isEqualTo(platform + "\nlibrary=" + lib.getFileName() + "\n");
        assertThat(platform).contains("jar=", "os=" + System.getProperty("os.name"), "jvm=", "distribution=");

        // what the index names for this key is what is used (shown with another file than the lookup's)
        Path other = Files.copy(lib, folder.resolve("libsqlitejdbc-other.so"));
        Files.writeString(indexes.get(0), platform + "\nlibrary=" + other.getFileName() + "\n");
        assertThat(SqliteNativeLibrary.unpackInto(folder)).contains(other);

        // another key in the file (a rebuilt jar, another JVM or distribution), a missing library, a name
        // that leaves the folder: the lookup's answer, and the index written again
        for (String content : List.of("jar=elsewhere\nlibrary=" + other.getFileName(), platform + "\nlibrary=gone.so",
                platform + "\nlibrary=../" + other.getFileName())) {
            Files.writeString(indexes.get(0), content);
            assertThat(SqliteNativeLibrary.unpackInto(folder)).as(content).contains(lib);
            assertThat(Files.readString(indexes.get(0))).isEqualTo(platform + "\nlibrary=" + lib.getFileName() + "\n");
        }
        assertThat(filesIn(folder.resolveSibling("native-index"))).as("no temporary file left").hasSize(1);
    }

    @Test
    @DisplayName("eight threads unpacking at once all get the one complete library, and nothing else is left")
    void concurrentUnpacking() throws Exception {
        Path folder = dir.resolve("native");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Path>>> calls = Stream.<Callable<Optional<Path>>>generate(
                    () -> () -> SqliteNativeLibrary.unpackInto(folder)).limit(8).toList();
            List<Path> got = pool.invokeAll(calls).stream().map(f -> {
                try {
                    return f.get().orElseThrow();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).distinct().toList();
            assertThat(got).hasSize(1);
            assertThat(Files.readAllBytes(got.get(0))).isEqualTo(libraryInTheJar());
            assertThat(filesIn(folder)).containsExactly(got.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a folder that cannot be made (a file is in the way) gives nothing: sqlite-jdbc unpacks its own way")
    void unwritable_empty() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThat(SqliteNativeLibrary.unpackInto(file.resolve("native"))).isEmpty();
    }

    @Test
    @DisplayName("the cache folder: XDG_CACHE_HOME when absolute, else ~/.cache; none without a home")
    void cacheFolder() {
        assertThat(SqliteNativeLibrary.cacheFolder(Map.of("XDG_CACHE_HOME", "/var/cache/me")::get, "/home/u"))
                .contains(Path.of("/var/cache/me/wanedit/native"));
        assertThat(SqliteNativeLibrary.cacheFolder(Map.of("XDG_CACHE_HOME", "relative")::get, "/home/u"))
                .contains(Path.of("/home/u/.cache/wanedit/native"));
        assertThat(SqliteNativeLibrary.cacheFolder(Map.<String, String>of()::get, "/home/u"))
                .contains(Path.of("/home/u/.cache/wanedit/native"));
        assertThat(SqliteNativeLibrary.cacheFolder(Map.<String, String>of()::get, "?")).isEmpty();
    }
}
