package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobRepositoryException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One connection of a journal, opened on first use and shared by the process's threads (each call
 * holds this object's lock: opening a connection per call cost more than the statements). A broken
 * connection is dropped and the next call opens a fresh one, so the journal survives a database
 * restart. A call that failed on a broken connection before its commit was sent is run once more on
 * a fresh connection: nothing of it can have been committed. A failure during the commit itself is
 * reported, never repeated, since the commit may have happened.
 */
final class Db implements AutoCloseable {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Opens a configured connection (migrating the schema first when needed). */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** What the journal's dialect says about failures. */
    interface Failures {
        /** The connection is gone (server restarted, network), as opposed to a failed statement. */
        boolean brokenConnection(SQLException e);

        /** The exception to throw for a failed call: names the journal, carries no driver type. */
        JobRepositoryException translate(String what, SQLException e);

        /** The exception to throw for a job row that cannot be read back: the journal is damaged. */
        JournalDamaged damaged(JobRows.UnreadableRow row);
    }

    private final Opener opener;
    private final Failures failures;
    private Connection connection;
    private boolean closed;

    Db(Opener opener, Failures failures) {
        this.opener = opener;
        this.failures = failures;
    }

    /** Runs {@code work} outside a transaction (one statement each, auto-committed). */
    synchronized <T> T read(String what, Work<T> work) {
        return run(what, work, false);
    }

    /** Runs {@code work} as one transaction, committed when it returns and rolled back when it throws. */
    synchronized <T> T write(String what, Work<T> work) {
        return run(what, work, true);
    }

    private <T> T run(String what, Work<T> work, boolean transaction) {
        for (int attempt = 1; ; attempt++) {
            boolean committing = false;
            try {
                Connection c = connection();
                if (!transaction) {
                    return work.run(c);
                }
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    committing = true;
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    if (!committing) {
                        rollbackQuietly(c, e);
                    }
                    throw e;
                } finally {
                    if (connection != null) {
                        try {
                            connection.setAutoCommit(true);
                        } catch (SQLException e) {
                            drop();
                        }
                    }
                }
            } catch (SQLException e) {
                boolean broken = failures.brokenConnection(e);
                drop();
                if (broken && !committing && attempt == 1) {
                    continue; // nothing of this call can have been committed: once more on a fresh connection
                }
                JobRepositoryException x = failures.translate(committing
                        ? what + " (the commit was interrupted: it may or may not have happened)" : what, e);
                throw x;
            } catch (JobRows.UnreadableRow e) {
                throw failures.damaged(e);
            } catch (RuntimeException e) {
                if (!(e instanceof JobRepositoryException) && !(e instanceof IllegalStateException)
                        && !(e instanceof dev.wanedit.application.port.out.ConcurrentJobUpdate)) {
                    drop();
                }
                throw e;
            }
        }
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new IllegalStateException("the journal is closed");
        }
        if (connection == null) {
            connection = opener.open();
        }
        return connection;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        drop();
        closed = true;
    }
}
