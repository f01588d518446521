package dev.wanedit.adapter.storage.local;

import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.StoredResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Public factory for the local result store, for bootstrap and tests outside this package. */
public final class LocalResultStores {

    private LocalResultStores() {
    }

    /** Where the store puts the sidecar of an image it stored: {@code <n>.json} beside {@code <n>.<ext>}. */
    public static Path sidecarOf(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return image.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** Results under {@code outputDir}; folders are created when the first result is stored. */
    public static ResultStore create(Path outputDir, java.time.Clock clock, ImageInspector inspector) {
        return new LocalResultStore(outputDir, clock, inspector);
    }

    /** The search of the sidecars under {@code outputDir} (and of any job's own destination folder). */
    public static StoredResults storedResults(Path outputDir) {
        return new LocalStoredResults(outputDir);
    }

    /**
     * Removes temp files left by writers that died (killed, crashed, power loss) in every job
     * folder under {@code outputDir}; files of live processes are kept. Returns how many were
     * removed. The store also does this for a job's folder whenever it stores into it.
     */
    public static int removeAbandonedTempFiles(Path outputDir) {
        if (!Files.isDirectory(outputDir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(outputDir, Files::isDirectory)) {
            for (Path dir : jobs) {
                removed += LocalResultStore.removeAbandoned(dir, Set.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temp files under " + outputDir, e);
        }
        return removed;
    }
}
