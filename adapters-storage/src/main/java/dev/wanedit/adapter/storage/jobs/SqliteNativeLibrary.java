package dev.wanedit.adapter.storage.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, unpacked once per user instead of once per process.
 *
 * <p>Left to itself, sqlite-jdbc copies its 1 MB library out of the jar into {@code java.io.tmpdir}
 * under a new random name on every start, which costs each short command ({@code wanedit jobs})
 * about a seventh of its time, and a process that is killed leaves its copy behind: a machine that
 * runs wanedit often gathers hundreds of them in {@code /tmp}. Here the library is unpacked into the
 * user's cache folder ({@code $XDG_CACHE_HOME/wanedit/native}, else {@code ~/.cache/wanedit/native})
 * under a name that carries sqlite-jdbc's version, the platform and the CRC of the library in the
 * jar, so another version or a rebuilt jar gets its own file. The file appears by an atomic rename
 * of a complete copy, so two processes unpacking at once both end with a whole library and a crash
 * leaves at most a temporary file. sqlite-jdbc is then pointed at it with its own
 * {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties.
 *
 * <p>Nothing here can fail a journal: with those properties already set by the user, no writable
 * cache folder, or any I/O error, sqlite-jdbc unpacks the library its own way, as before; and
 * sqlite-jdbc itself falls back to unpacking when a library at the given path does not load.
 * The user's own folder, not the shared {@code /tmp}: a library at a fixed name in a folder others
 * can write to could be replaced by another user before this process loads it.
 */
final class SqliteNativeLibrary {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private static volatile boolean prepared;

    private SqliteNativeLibrary() {
    }

    /** Points sqlite-jdbc at the cached library, unpacking it first when needed; once per process. */
    static void prepare() {
        if (prepared) {
            return;
        }
        synchronized (SqliteNativeLibrary.class) {
            if (!prepared) {
                if (System.getProperty(PATH_PROPERTY) == null && System.getProperty(NAME_PROPERTY) == null) {
                    cacheFolder(System.getenv()::get, System.getProperty("user.home"))
                            .flatMap(SqliteNativeLibrary::unpackInto)
                            .ifPresent(lib -> {
                                System.setProperty(PATH_PROPERTY, lib.getParent().toString());
                                System.setProperty(NAME_PROPERTY, lib.getFileName().toString());
                            });
                }
                prepared = true;
            }
        }
    }

    /**
     * The library for this platform in {@code folder}, unpacked now when it is not there yet; empty
     * when there is none for this platform or it cannot be written (sqlite-jdbc then unpacks it its
     * own way).
     */
    static Optional<Path> unpackInto(Path folder) {
        try {
            URL url = org.sqlite.JDBC.class.getResource("/" + resourceFolder() + "/" + LibraryLoaderUtil.getNativeLibName());
            return url == null ? Optional.empty() : Optional.of(unpack(url, folder));
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** {@code $XDG_CACHE_HOME/wanedit/native} when that is an absolute path, else {@code ~/.cache/wanedit/native}. */
    static Optional<Path> cacheFolder(Function<String, String> env, String userHome) {
        String xdg = env.apply("XDG_CACHE_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else if (userHome != null && !userHome.isBlank() && !"?".equals(userHome)) {
            base = Path.of(userHome, ".cache");
        } else {
            return Optional.empty();
        }
        return Optional.of(base.resolve("wanedit").resolve("native"));
    }

    private static Path unpack(URL url, Path folder) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        String key = versionOf() + "-" + resourceFolder().replaceFirst("^org/sqlite/native/", "")
                .replace('/', '-').toLowerCase(Locale.ROOT);
        if (connection instanceof JarURLConnection jar) {
            long crc = jar.getJarEntry().getCrc();
            key += "-" + Long.toHexString(crc);
        } else {
            key += "-" + connection.getContentLengthLong() + "-" + connection.getLastModified();
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        int dot = name.lastIndexOf('.');
        Path target = folder.resolve(name.substring(0, dot) + "-" + key + name.substring(dot));
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return target;
        }
        Files.createDirectories(folder);
        Path part = Files.createTempFile(folder, ".unpacking-", ".part");
        try {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }

    /** The library's folder in the jar, {@code org/sqlite/native/Linux/x86_64}, without a leading slash. */
    private static String resourceFolder() {
        return LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/+", "");
    }

    private static String versionOf() {
        return SQLiteJDBCLoader.getVersion().replaceAll("[^0-9A-Za-z.]", "_");
    }
}
