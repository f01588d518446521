package dev.wanedit.bootstrap;

import dev.wanedit.adapter.storage.jobs.JobJournal;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The journal being opened on a thread of its own while the process builds its graph and command
 * line, which need nothing of it. {@link #outcome} waits for the open to end and says how it
 * ended; {@link #close} waits too, so the journal is never closed while it is still opening.
 */
final class JournalOpening implements AutoCloseable {

    private static final JournalOpening NONE = new JournalOpening(null);

    private final FutureTask<Void> open;

    private JournalOpening(FutureTask<Void> open) {
        this.open = open;
    }

    /** Starts opening {@code journal} ({@link JobJournal#open}) now, on a thread named {@code wanedit-journal-open}. */
    static JournalOpening start(JobJournal journal) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            journal.open();
            return null;
        });
        Thread t = new Thread(task, "wanedit-journal-open");
        t.setDaemon(true);
        t.start();
        return new JournalOpening(task);
    }

    /** Nothing to open. */
    static JournalOpening none() {
        return NONE;
    }

    /**
     * Waits until the open has ended: empty when it succeeded (or nothing was opened), else what it
     * threw. An interrupt while waiting does not cut the wait short (the open is bounded by its own
     * time-outs); it is kept for the command, which then reports itself interrupted.
     */
    Optional<RuntimeException> outcome() {
        if (open == null) {
            return Optional.empty();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    open.get();
                    return Optional.empty();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        return Optional.of(r);
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    return Optional.of(new IllegalStateException("the journal did not open", cause));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        outcome();
    }
}
