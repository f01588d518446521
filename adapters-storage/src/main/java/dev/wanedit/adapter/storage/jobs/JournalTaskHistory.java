package dev.wanedit.adapter.storage.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.application.port.out.TaskHistory;
import dev.wanedit.domain.job.JobId;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal's {@link TaskHistory}: the service's submit, scheduled and end times of the jobs that
 * succeeded, newest end first, read from the jobs table (the kind is matched on the request as
 * journaled). The scheduled time is the one column the job itself does not carry; it is written on
 * the journal's fast connection, since a lost one only makes the next schedule a little less sure.
 */
final class JournalTaskHistory implements TaskHistory {

    /** Rows read at most per question: the newest ended jobs of every kind. */
    static final int SCAN = 1_000;

    /** Made when the history is first read, not when the journal is built: --help and jobs need no JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Db jobs;
    private final Db fast;

    JournalTaskHistory(Db jobs, Db fast) {
        this.jobs = jobs;
        this.fast = fast;
    }

    @Override
    public List<Timing> ended(Kind kind, int limit) {
        return jobs.read("read the history of ended tasks", c -> {
            List<Timing> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT request_json, task_region, remote_submit_time,"
                    + " remote_scheduled_time, remote_end_time FROM jobs WHERE remote_end_time IS NOT NULL"
                    + " AND remote_submit_time IS NOT NULL AND state IN ('SUCCEEDED', 'STORED')"
                    + " ORDER BY remote_end_time DESC LIMIT " + SCAN)) {
                try (ResultSet r = p.executeQuery()) {
                    while (r.next() && out.size() < limit) {
                        if (!kind.region().equals(r.getString("task_region")) || !sameKind(kind, r.getString("request_json"))) {
                            continue;
                        }
                        long scheduled = r.getLong("remote_scheduled_time");
                        Optional<Instant> s = r.wasNull() ? Optional.empty() : Optional.of(JobRows.instant(scheduled));
                        out.add(new Timing(JobRows.instant(r.getLong("remote_submit_time")), s,
                                JobRows.instant(r.getLong("remote_end_time"))));
                    }
                }
            }
            return out;
        });
    }

    private static boolean sameKind(Kind kind, String requestJson) {
        try {
            JsonNode o = Json.MAPPER.readTree(requestJson);
            return kind.model().equals(o.path("model").asText()) && kind.size().equals(o.path("size").asText("auto"))
                    && kind.n() == o.path("n").asInt(-1);
        } catch (IOException e) {
            return false; // a row the history cannot read is not history; the job itself is read elsewhere
        }
    }

    @Override
    public void scheduled(JobId job, Instant at) {
        fast.write("record when a task started running", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET remote_scheduled_time = ? WHERE id = ?")) {
                p.setLong(1, JobRows.nanos(at));
                p.setString(2, job.value());
                return p.executeUpdate();
            }
        });
    }
}
