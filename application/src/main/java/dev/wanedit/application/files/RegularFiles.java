package dev.wanedit.application.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells whether a path names a regular file that can be read, without opening it: opening a named
 * pipe blocks until a writer appears, and reading {@code /dev/zero} never ends, so every place that
 * reads a file a person named (input images, masks, manifests, the config file) asks here first.
 * Symbolic links are followed. The answer is a phrase for a message that already names the path,
 * e.g. {@code "is a named pipe (FIFO), not a regular file"}.
 *
 * <p>It lives in the application, with no dependency beyond the JDK, because the storage adapter,
 * the command line and bootstrap each read such files and must agree on what they refuse.
 */
public final class RegularFiles {

    /** The file-type bits of a POSIX mode and the types wanedit names (see {@code stat(2)}). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private RegularFiles() {
    }

    /**
     * Why {@code path} cannot be read as a regular file, or empty when it can.
     *
     * @return a phrase such as {@code "no such file"}, {@code "is a directory, not a file"},
     *     {@code "is a named pipe (FIFO), not a regular file"}, {@code "is a character device (like
     *     /dev/zero), not a regular file"}, {@code "is a symbolic link loop"}, {@code "cannot be read:
     *     permission denied"}
     */
    public static Optional<String> problem(Path path) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class); // follows symbolic links
        } catch (NoSuchFileException e) {
            return Optional.of(Files.isSymbolicLink(path) ? "is a symbolic link to a file that does not exist" : "no such file");
        } catch (AccessDeniedException e) {
            return Optional.of("cannot be read: permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "" : e.getReason();
            if (reason.toLowerCase(Locale.ROOT).contains("symbolic link")) {
                return Optional.of("is a symbolic link loop (" + reason + ")");
            }
            if (reason.toLowerCase(Locale.ROOT).contains("not a directory")) {
                return Optional.of("no such file (a part of the path is not a folder)");
            }
            return Optional.of("cannot be read: " + (reason.isEmpty() ? e.getClass().getSimpleName() : reason));
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
        if (a.isDirectory()) {
            return Optional.of("is a directory, not a file");
        }
        if (!a.isRegularFile()) {
            return Optional.of(special(path) + ", not a regular file");
        }
        if (!Files.isReadable(path)) {
            return Optional.of("cannot be read: permission denied");
        }
        return Optional.empty();
    }

    /** What a file that is neither regular nor a directory is, from its POSIX mode where the platform has one. */
    private static String special(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & S_IFMT) {
                    case S_IFIFO:
                        return "is a named pipe (FIFO)";
                    case S_IFCHR:
                        return "is a character device (like /dev/zero or a terminal)";
                    case S_IFBLK:
                        return "is a block device (a disk)";
                    case S_IFSOCK:
                        return "is a socket";
                    default:
                        break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            // no unix view on this platform: say what is known
        }
        return "is a special file (a pipe, device or socket)";
    }
}
