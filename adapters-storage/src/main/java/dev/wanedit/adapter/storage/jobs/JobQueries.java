package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.domain.job.EditJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The SQL of the journal's job queries, shared by both dialects: rows read through {@link JobRows}. */
final class JobQueries {

    private JobQueries() {
    }

    static Optional<EditJob> first(Connection c, String sql, Object... args) throws SQLException {
        return query(c, sql, args).stream().findFirst();
    }

    static List<EditJob> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            List<EditJob> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(JobRows.read(r));
                }
            }
            return out;
        }
    }

    static String placeholders(int n) {
        return IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }

    /** The WHERE condition of a query (columns prefixed with {@code alias}), its arguments added to {@code args}. */
    static String matching(JobQuery q, String alias, List<Object> args) {
        StringBuilder sql = new StringBuilder("1 = 1");
        if (!q.states().isEmpty()) {
            sql.append(" AND ").append(alias).append("state IN (").append(placeholders(q.states().size())).append(')');
            q.states().stream().map(Enum::name).sorted().forEach(args::add);
        }
        q.createdSince().ifPresent(t -> {
            sql.append(" AND ").append(alias).append("created_at >= ?");
            args.add(JobRows.nanos(t));
        });
        q.batchId().ifPresent(b -> {
            sql.append(" AND ").append(alias).append("batch_id = ?");
            args.add(b);
        });
        return sql.toString();
    }

    /** Advisory keys of a request: its batch line and its fingerprint, ascending (so two processes never deadlock). */
    static List<Long> requestKeys(EditJob job) {
        List<Long> keys = new ArrayList<>();
        job.batch().ifPresent(b -> keys.add(key("line\n" + b.batchId() + "\n" + b.lineKey())));
        keys.add(key("fingerprint\n" + job.fingerprint()));
        return keys.stream().distinct().sorted().toList();
    }

    private static long key(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
