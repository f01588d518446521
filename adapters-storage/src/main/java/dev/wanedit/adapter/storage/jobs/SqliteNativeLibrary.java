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
 * {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties. Which library a platform
 * needs is remembered beside the folder ({@code native-index}), keyed by everything that decides it
 * ({@link #platformKey}), so later processes skip sqlite-jdbc's lookup, which starts a process.
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
        Optional<String> platform = platformKey();
        Optional<Path> known = platform.flatMap(k -> indexed(folder, k));
        if (known.isPresent()) {
            return known;
        }
        Optional<Path> lib = unpackFromJar(folder);
        if (lib.isPresent() && platform.isPresent()) {
            index(folder, platform.get(), lib.get());
        }
        return lib;
    }

    /**
     * What decides which library this process needs and where it comes from, in a few cheap reads:
     * the jar sqlite-jdbc is loaded from (its path, size and time), the operating system and
     * architecture, the JVM, and the distribution ({@code /etc/os-release}, which tells glibc from
     * musl). sqlite-jdbc's own answer ({@link LibraryLoaderUtil#getNativeLibResourcePath}) runs
     * {@code uname -o} and lists {@code /proc/self/map_files} each time, a tenth of a second of a
     * short command; it is asked once per key and remembered in the index. Empty when the jar
     * cannot be told (then nothing is remembered).
     */
    static Optional<String> platformKey() {
        try {
            java.security.CodeSource source = org.sqlite.JDBC.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(jar,
                    java.nio.file.attribute.BasicFileAttributes.class);
            Path release = Path.of("/etc/os-release");
            String distribution = Files.isReadable(release) ? Files.readString(release) : "none";
            return Optional.of(String.join("\n",
                    "jar=" + jar + " " + a.size() + " " + a.lastModifiedTime().toMillis(),
                    "os=" + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    "jvm=" + System.getProperty("java.home") + " " + System.getProperty("java.vm.version"),
                    "distribution=" + distribution.length() + "-" + Integer.toHexString(distribution.hashCode())));
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The index of {@code folder}'s libraries: a sibling folder, so that {@code folder} holds libraries alone. */
    private static Path indexFile(Path folder, String platform) {
        long h = 0xcbf29ce484222325L; // FNV-1a: the file's name; the whole key is in the file and compared
        for (int i = 0; i < platform.length(); i++) {
            h = (h ^ platform.charAt(i)) * 0x100000001b3L;
        }
        return folder.resolveSibling(folder.getFileName() + "-index").resolve("sqlite-" + Long.toHexString(h) + ".txt");
    }

    /** The library the index names for exactly this key, if it is still there. */
    private static Optional<Path> indexed(Path folder, String platform) {
        try {
            Path index = indexFile(folder, platform);
            if (!Files.isRegularFile(index)) {
                return Optional.empty();
            }
            String text = Files.readString(index);
            String prefix = platform + "\nlibrary=";
            if (!text.startsWith(prefix)) {
                return Optional.empty();
            }
            String name = text.substring(prefix.length()).trim();
            Path lib = folder.resolve(name);
            if (name.isEmpty() || !lib.getParent().equals(folder) || !Files.isRegularFile(lib) || Files.size(lib) == 0) {
                return Optional.empty();
            }
            return Optional.of(lib);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Remembers {@code lib} for this key, by an atomic rename of a complete file; a failure is only a slower next start. */
    private static void index(Path folder, String platform, Path lib) {
        try {
            String entry = platform + "\nlibrary=" + lib.getFileName() + "\n";
            publish(indexFile(folder, platform), part -> Files.writeString(part, entry));
        } catch (IOException | RuntimeException e) {
            // nothing: the next process asks sqlite-jdbc again
        }
    }

    /** The library unpacked from the jar into {@code folder} (or found there), as sqlite-jdbc's own lookup names it. */
    private static Optional<Path> unpackFromJar(Path folder) {
        try {
            String resources = resourceFolder(); // sqlite-jdbc's lookup, once: it starts a process
            URL url = org.sqlite.JDBC.class.getResource("/" + resources + "/" + LibraryLoaderUtil.getNativeLibName());
            return url == null ? Optional.empty() : Optional.of(unpack(url, resources, folder));
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

    private static Path unpack(URL url, String resources, Path folder) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        String key = versionOf() + "-" + resources.replaceFirst("^org/sqlite/native/", "")
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
        publish(target, part -> {
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
        });
        return target;
    }

    /** What fills a temporary file. */
    private interface Filling {
        void into(Path part) throws IOException;
    }

    /**
     * Makes {@code target} appear whole: filled as a temporary file in its folder, then renamed over
     * it (atomically where the file system can), so a reader sees the old file or the complete new
     * one and a crash leaves at most the temporary file.
     */
    private static void publish(Path target, Filling filling) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(target.getParent(), ".unpacking-", ".part");
        try {
            filling.into(part);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The library's folder in the jar, {@code org/sqlite/native/Linux/x86_64}, without a leading slash. */
    private static String resourceFolder() {
        return LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/+", "");
    }

    private static String versionOf() {
        return SQLiteJDBCLoader.getVersion().replaceAll("[^0-9A-Za-z.]", "_");
    }
}
