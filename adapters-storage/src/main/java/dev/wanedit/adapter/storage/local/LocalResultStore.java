package dev.wanedit.adapter.storage.local;

import dev.wanedit.adapter.storage.Digests;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.ImageFacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: {@link ResultStore} on the local file system.
 *
 * <p>Layout: {@code <out>/<job-id>/<index>.<ext>} and its sidecar {@code <index>.json}; job ids sort
 * by time, so the folder reads as a history. The extension is the real format's ({@code png} for
 * what DashScope returns today). Each stored image also gets a line in the folder's index
 * ({@link LocalStoredResults}), so a batch whose journal was lost finds it instead of paying again.
 *
 * <p>Crash safety: the bytes go to a hidden temp file in the same folder
 * ({@code .<index>.<pid>.<random>.tmp}), are fsynced, and are then published under the final
 * name atomically, and the folder is fsynced. A crash at any point leaves either nothing or the
 * whole image under a final name; temp files of dead processes are removed the next time a result
 * is stored into that folder (or by {@link LocalResultStores#removeAbandonedTempFiles(Path)}).
 *
 * <p>Never overwriting: the file is published with a hard link, which fails if the name exists
 * (rename would silently replace it); where links are unsupported, an atomic move after an
 * existence check. The same bytes for the same job and index are a no-op returning the existing
 * location; different bytes go to {@code <index>-2.<ext>}, {@code <index>-3.<ext>} and so on.
 */
final class LocalResultStore implements ResultStore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalResultStore.class);
    static final Pattern TEMP = Pattern.compile("^\\.(.+)\\.(\\d+)\\.([0-9a-z]+)\\.tmp$");
    private static final int MAX_VARIANTS = 1000;

    private final Path out;
    private final Clock clock;
    private final ImageInspector inspector;
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
    private final UsableSpace space;

    /** Free bytes for this process in the file system of a folder (a seam for the tests of a full disk). */
    @FunctionalInterface
    interface UsableSpace {
        long of(Path folder) throws IOException;
    }

    LocalResultStore(Path out, Clock clock, ImageInspector inspector) {
        this(out, clock, inspector, folder -> Files.getFileStore(folder).getUsableSpace());
    }

    LocalResultStore(Path out, Clock clock, ImageInspector inspector, UsableSpace space) {
        this.out = out.toAbsolutePath().normalize();
        this.clock = clock;
        this.inspector = inspector;
        this.space = space;
    }

    /**
     * The folder results go to (the job's destination, else {@code -o}), or the nearest folder
     * above it that exists when it is still to be made, must take a small temp file (written and
     * removed at once; nothing is created that would stay), and its file system must have room for
     * the expected bytes. The temp file has the store's temp-file name, so one left by a crash is
     * removed like the others.
     */
    @Override
    public void preflight(Optional<String> destination, long expectedBytes) {
        Path dir = destination.map(Path::of).orElse(out).toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !Files.isDirectory(existing)) {
                throw new java.nio.file.NotDirectoryException(existing == null ? dir.toString() : existing + " is not a folder");
            }
            Path probe = existing.resolve(".write-check." + ProcessHandle.current().pid() + "."
                    + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".tmp");
            try {
                Files.write(probe, new byte[] {'o', 'k'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } finally {
                Files.deleteIfExists(probe);
            }
            long free = space.of(existing);
            if (free < expectedBytes) {
                throw new ResultStoreUnusable(dir.toString(), "its disk has " + megabytes(free) + " free, but the results "
                        + "may need up to " + megabytes(expectedBytes) + "; free some space or choose another folder with -o",
                        false, null);
            }
        } catch (IOException e) {
            throw new ResultStoreUnusable(dir.toString(), "the folder cannot be written (" + describe(e) + "); choose "
                    + "another with -o or WANEDIT_OUT, or fix its permissions", false, e);
        }
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    @Override
    public StoredResult store(EditJob job, ResultImage image, InputStream content) {
        Path dir = job.destination().map(Path::of).orElse(out).resolve(job.id().value());
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                fsyncDirectory(dir.getParent()); // the new job folder's entry (in the job's destination, else -o)
            }
            removeAbandoned(dir, inFlight);
            tmp = dir.resolve("." + image.index() + "." + ProcessHandle.current().pid() + "."
                    + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".tmp");
            inFlight.add(tmp);
            Written w = writeDurably(tmp, content);
            if (w.bytes == 0) {
                throw new IOException("the result is empty (0 bytes)");
            }
            Optional<ImageFacts> facts = facts(tmp, w.sha256, job, image);
            String ext = facts.map(f -> f.format().fileExtension()).orElse("bin");
            for (int variant = 1; variant <= MAX_VARIANTS; variant++) {
                String base = variant == 1 ? String.valueOf(image.index()) : image.index() + "-" + variant;
                Path target = dir.resolve(base + "." + ext);
                Path sidecar = LocalResultStores.sidecarOf(target);
                if (Files.exists(target)) {
                    if (w.sha256.equals(Digests.sha256Hex(target))) {
                        Files.delete(tmp);
                        if (!Files.isRegularFile(sidecar)) { // a crash or a failure between image and sidecar: repair
                            writeSidecar(dir, sidecar, job, image, w, facts);
                        }
                        return new StoredResult(target.toString(), w.sha256, w.bytes, Optional.of(sidecar.toString()));
                    }
                    continue;
                }
                if (!publish(tmp, target)) {
                    variant--; // someone took the name between our check and our link: look at it again
                    continue;
                }
                fsyncDirectory(dir);
                if (variant > 1) {
                    LOG.warn("job {} result {}: {} holds different bytes; stored the new image as {}", job.id(), image.index(),
                            dir.resolve(image.index() + "." + ext), target.getFileName());
                }
                writeSidecar(dir, sidecar, job, image, w, facts);
                return new StoredResult(target.toString(), w.sha256, w.bytes, Optional.of(sidecar.toString()));
            }
            throw new IOException("more than " + MAX_VARIANTS + " different images for one index");
        } catch (IOException e) {
            throw new ResultStoreException("cannot store result " + image.index() + " of job " + job.id() + " in " + dir
                    + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                inFlight.remove(tmp);
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.warn("cannot remove temp file {}: {}", tmp, e.toString());
                }
            }
        }
    }

    private Optional<ImageFacts> facts(Path tmp, String sha256, EditJob job, ResultImage image) {
        try {
            return Optional.of(inspector.inspect(tmp, sha256)); // the headers only: the hash was taken while writing
        } catch (UnreadableImage e) {
            // Keep what was paid for even if it is not an image we can read; the sidecar says so.
            LOG.warn("job {} result {} is not a readable image ({}); storing it as .bin", job.id(), image.index(), e.reason());
            return Optional.empty();
        }
    }

    private void writeSidecar(Path dir, Path sidecar, EditJob job, ResultImage image, Written w, Optional<ImageFacts> facts)
            throws IOException {
        byte[] json = ResultSidecar.json(job, image, w.sha256, w.bytes, facts, clock.instant());
        Path tmp = dir.resolve("." + sidecar.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".tmp");
        inFlight.add(tmp);
        try {
            writeDurably(tmp, new java.io.ByteArrayInputStream(json));
            // The sidecar describes the image just published under the same base name, so replacing an
            // orphan sidecar (left by a crash) is right.
            moveReplacing(tmp, sidecar);
            fsyncDirectory(dir);
            LocalStoredResults.indexed(dir, job); // after the sidecar is durable: the index only points at it
        } finally {
            inFlight.remove(tmp);
            Files.deleteIfExists(tmp);
        }
    }

    private record Written(String sha256, long bytes) {
    }

    private static Written writeDurably(Path tmp, InputStream content) throws IOException {
        MessageDigest md = Digests.sha256();
        long total = 0;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = content.read(buf)) >= 0) {
                md.update(buf, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                total += n;
            }
            ch.force(true);
        }
        return new Written(Digests.hex(md), total);
    }

    /** Publishes {@code tmp} as {@code target} unless the name exists; false if it does. */
    private static boolean publish(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            Files.delete(tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links here (some network or FAT file systems): an atomic rename after a check.
            if (Files.exists(target)) {
                return false;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private static void moveReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the new directory entry durable where the OS allows opening a directory (not on Windows). */
    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Removes temp files in {@code dir} whose writer is gone; returns how many. */
    static int removeAbandoned(Path dir, Set<Path> ownInFlight) throws IOException {
        int removed = 0;
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                Matcher m = TEMP.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(2));
                boolean alive = pid == self ? ownInFlight.contains(f) : ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason() + ": " + ((FileSystemException) e).getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
