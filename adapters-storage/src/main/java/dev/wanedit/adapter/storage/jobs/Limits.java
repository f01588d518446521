package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.domain.job.JobId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The half of the account's limits ({@link dev.wanedit.application.port.out.SharedLimits}) that the
 * SQLite and the PostgreSQL journal share, in SQL both speak, on the fast connection and the
 * journal's own timeline ({@code wanedit_now_us()}); each dialect takes permits and slots its own
 * way ({@code reserve}, {@code tryAcquireSlot}).
 */
final class Limits {

    private final Db fast;

    Limits(Db fast) {
        this.fast = fast;
    }

    Duration availableIn(String bucket, int permits, Duration window) {
        checkBucket(bucket, permits, window);
        return fast.read("read limit " + bucket, c -> {
            BucketState b = bucketState(c, bucket, permits);
            return Duration.ofNanos(Math.max(0, b.nextGrant(JdbcJournal.micros(window)) - b.now()) * 1000);
        });
    }

    /**
     * A rate bucket as one statement reads it: the journal's time, the end of its pause (0: none)
     * and the N-th latest grant (null: fewer than N).
     */
    record BucketState(long now, long pausedUntil, Long nthLatest) {
        /** The earliest time of a new grant: not before now, the pause, nor a window after the N-th latest grant. */
        long nextGrant(long windowMicros) {
            long at = Math.max(now, pausedUntil);
            return nthLatest == null ? at : Math.max(at, nthLatest + windowMicros);
        }
    }

    static BucketState bucketState(Connection c, String bucket, int permits) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT wanedit_now_us(),"
                + " (SELECT paused_until FROM limit_buckets WHERE bucket = ?),"
                + " (SELECT at FROM limit_grants WHERE bucket = ? ORDER BY at DESC LIMIT 1 OFFSET ?)")) {
            p.setString(1, bucket);
            p.setString(2, bucket);
            p.setInt(3, permits - 1);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long now = r.getLong(1);
                long paused = r.getLong(2);
                long nth = r.getLong(3);
                return new BucketState(now, paused, r.wasNull() ? null : nth);
            }
        }
    }

    void pause(String bucket, Duration pause) {
        if (pause.isNegative() || pause.isZero()) {
            return;
        }
        fast.read("pause limit " + bucket, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO limit_buckets (bucket, paused_until) VALUES (?, wanedit_now_us() + ?)"
                    + " ON CONFLICT (bucket) DO UPDATE SET paused_until = CASE WHEN excluded.paused_until > limit_buckets.paused_until"
                    + " THEN excluded.paused_until ELSE limit_buckets.paused_until END")) {
                p.setString(1, bucket);
                p.setLong(2, JdbcJournal.micros(pause));
                p.executeUpdate();
            }
            return null;
        });
    }

    void renewSlot(JobId job, Duration ttl) {
        fast.read("renew the slot of job " + job, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE limit_slots SET expires_at = wanedit_now_us() + ?"
                    + " WHERE job = ? AND expires_at > wanedit_now_us()")) {
                p.setLong(1, JdbcJournal.micros(ttl));
                p.setString(2, job.value());
                p.executeUpdate();
            }
            return null;
        });
    }

    void releaseSlot(JobId job) {
        fast.read("release the slot of job " + job, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM limit_slots WHERE job = ?")) {
                p.setString(1, job.value());
                p.executeUpdate();
            }
            return null;
        });
    }

    int slotsInUse(String bucket) {
        return fast.read("read limit " + bucket, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM limit_slots WHERE bucket = ? AND expires_at > wanedit_now_us()")) {
                p.setString(1, bucket);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    static void checkBucket(String bucket, int permits, Duration window) {
        if (bucket == null || bucket.isBlank() || permits <= 0 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate bucket has a name, at least one permit and a positive window");
        }
    }

    static long nowMicros(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT wanedit_now_us()"); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
