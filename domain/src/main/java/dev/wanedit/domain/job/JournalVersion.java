package dev.wanedit.domain.job;

/**
 * The version at which a journal last wrote an {@link EditJob} (0: never written), which guards
 * against lost updates: a journal writes a job only over the version it read. It is the journal's
 * record, not part of the job's life, so the job has no method that changes it; a journal (a
 * {@code JobRepository}) advances it through {@link EditJob#journalVersion()} after each write.
 */
public final class JournalVersion {

    private long value;

    JournalVersion(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a journal version is not negative, got " + value);
        }
        this.value = value;
    }

    public long value() {
        return value;
    }

    /** The job was inserted: its first journaled version. */
    public void inserted() {
        value = 1;
    }

    /**
     * The job was written over version {@code from}, the one it was read at.
     *
     * @throws IllegalStateException when the job is not at {@code from} (a journal bug)
     */
    public void updated(long from) {
        if (from != value) {
            throw new IllegalStateException("a job at journal version " + value + " was written over version " + from);
        }
        value = from + 1;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
