package dev.wanedit.adapter.local;

import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import dev.wanedit.domain.job.RemoteStatus;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The local provider's task records: one small properties file per task, {@code tasks/<id>.properties},
 * written to a temporary name, forced to disk and atomically moved into place, so that a record is
 * either whole or absent after a crash and survives the process (which is what lets
 * {@code wanedit resume} find a task again instead of creating it twice).
 */
final class LocalTasks {

    /** Task ids this provider makes; anything else is not one of its tasks (and never names a file). */
    private static final Pattern ID = Pattern.compile("local-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String SUFFIX = ".properties";

    /**
     * One task as recorded: what was asked (model, region, prompt, n, output size), when it was
     * created, until when it is PENDING and RUNNING, and when it was cancelled, if it was.
     */
    record Task(String id, String model, String region, String prompt, int n, String size, Instant createdAt,
                Instant pendingUntil, Instant runningUntil, Optional<Instant> canceledAt) {

        /** Its status at {@code now}: decided by the clock alone, so no process has to move it on. */
        RemoteStatus statusAt(Instant now) {
            if (canceledAt.isPresent()) {
                return RemoteStatus.CANCELED;
            }
            if (now.isBefore(pendingUntil)) {
                return RemoteStatus.PENDING;
            }
            return now.isBefore(runningUntil) ? RemoteStatus.RUNNING : RemoteStatus.SUCCEEDED;
        }

        /** When it ended, if it has. */
        Optional<Instant> endedAt(Instant now) {
            if (canceledAt.isPresent()) {
                return canceledAt;
            }
            return now.isBefore(runningUntil) ? Optional.empty() : Optional.of(runningUntil);
        }

        Task canceled(Instant at) {
            return new Task(id, model, region, prompt, n, size, createdAt, pendingUntil, runningUntil, Optional.of(at));
        }
    }

    private final Path folder;

    LocalTasks(Path folder) {
        this.folder = folder;
    }

    static String newId() {
        return "local-" + UUID.randomUUID();
    }

    static boolean isId(String taskId) {
        return taskId != null && ID.matcher(taskId).matches();
    }

    /** The record of a task, empty when there is none (or the id is not one of ours). */
    Optional<Task> find(String taskId) {
        if (!isId(taskId)) {
            return Optional.empty();
        }
        Path file = folder.resolve(taskId + SUFFIX);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return Optional.of(parse(p, file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new Unavailable("the local provider cannot read its task record " + file + ": " + e.getMessage(),
                    "TaskRecordUnreadable", "", 0, e);
        }
    }

    /** Every recorded task. */
    List<Task> all() {
        List<Task> tasks = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return tasks;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "local-*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                find(name.substring(0, name.length() - SUFFIX.length())).ifPresent(tasks::add);
            }
        } catch (IOException e) {
            throw new Unavailable("the local provider cannot list its task records in " + folder + ": " + e.getMessage(),
                    "TaskRecordUnreadable", "", 0, e);
        }
        return tasks;
    }

    /** Writes a record whole: temporary file, fsync, atomic move over the old one. */
    void save(Task t) {
        Properties p = new Properties();
        p.setProperty("id", t.id());
        p.setProperty("model", t.model());
        p.setProperty("region", t.region());
        p.setProperty("prompt", t.prompt());
        p.setProperty("n", Integer.toString(t.n()));
        p.setProperty("size", t.size());
        p.setProperty("created", t.createdAt().toString());
        p.setProperty("pending-until", t.pendingUntil().toString());
        p.setProperty("running-until", t.runningUntil().toString());
        t.canceledAt().ifPresent(c -> p.setProperty("canceled", c.toString()));
        StringWriter text = new StringWriter();
        try {
            p.store(text, "wanedit local provider task");
            Files.createDirectories(folder);
            Path tmp = folder.resolve("." + t.id() + "." + UUID.randomUUID() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(StandardCharsets.UTF_8.encode(text.toString()));
                ch.force(true);
            }
            try {
                Files.move(tmp, folder.resolve(t.id() + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        } catch (IOException e) {
            throw new Unavailable("the local provider cannot write its task record in " + folder + ": " + e.getMessage(),
                    "TaskRecordUnwritable", "", 0, e);
        }
    }

    private static Task parse(Properties p, Path file) {
        try {
            String canceled = p.getProperty("canceled");
            return new Task(required(p, "id", file), required(p, "model", file), required(p, "region", file),
                    p.getProperty("prompt", ""), Integer.parseInt(required(p, "n", file)), required(p, "size", file),
                    Instant.parse(required(p, "created", file)), Instant.parse(required(p, "pending-until", file)),
                    Instant.parse(required(p, "running-until", file)),
                    canceled == null ? Optional.empty() : Optional.of(Instant.parse(canceled)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("a field is not a valid instant or number (" + e.getMessage() + ")", e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("field " + key + " is missing");
        }
        return v;
    }
}
