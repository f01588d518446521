package dev.wanedit.benchmarks;

import dev.wanedit.adapter.storage.jobs.JobJournal;
import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.jobs.PostgresCredentials;
import dev.wanedit.adapter.storage.jobs.PostgresTarget;
import dev.wanedit.application.policy.RateLimiter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The cost of one permit: the in-memory {@link RateLimiter} of one process against
 * {@code SharedLimits.reserve} on the SQLite journal (a file on this machine) and on a PostgreSQL
 * journal (an embedded server on 127.0.0.1, or {@code --postgres URL} with
 * {@code WANEDIT_JOURNAL_USER}/{@code WANEDIT_JOURNAL_PASSWORD}), one thread, each call a full
 * grant. Prints microseconds per permit and the ratio to the in-memory limiter.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.wanedit.benchmarks.SharedLimitsBenchmark [--postgres URL] [--permits N]</pre>
 */
public final class SharedLimitsBenchmark {

    public static void main(String[] args) throws Exception {
        int n = 5_000;
        String postgresUrl = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--permits")) {
                n = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--postgres")) {
                postgresUrl = args[++i];
            }
        }
        Duration window = Duration.ofSeconds(1);
        RateLimiter memory = new RateLimiter(Clock.systemUTC(), 20);
        double memoryUs = time(n * 20, memory::reserve);
        print("in-memory RateLimiter (one process)", memoryUs, memoryUs);

        Path dir = Files.createTempDirectory("wanedit-limits-bench");
        try (JobJournal sqlite = JobJournals.openSqlite(dir.resolve("journal.db"), Clock.systemUTC())) {
            double us = time(n, () -> sqlite.reserve("queries", 20, window));
            print("SQLite journal: reserve (one BEGIN IMMEDIATE, synchronous=NORMAL)", us, memoryUs);
            print("SQLite journal: one read of the limits (slotsInUse), for scale", time(n, () -> sqlite.slotsInUse("tasks")), memoryUs);
        }

        EmbeddedPostgres embedded = null;
        try {
            PostgresCredentials credentials;
            if (postgresUrl == null) {
                embedded = EmbeddedPostgres.builder().start();
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + embedded.getPort() + "/postgres",
                        "postgres", ""); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE wanedit_bench");
                }
                postgresUrl = "postgresql://127.0.0.1:" + embedded.getPort() + "/wanedit_bench";
                credentials = PostgresCredentials.of(Optional.of("postgres"), Optional.empty());
            } else {
                credentials = PostgresCredentials.fromEnvironment(System.getenv(), PostgresTarget.parse(postgresUrl));
            }
            try (JobJournal pg = JobJournals.postgres(PostgresTarget.parse(postgresUrl), credentials, Clock.systemUTC(),
                    JobJournals.DEFAULT_LEASE)) {
                pg.open();
                double us = time(n, () -> pg.reserve("queries", 20, window));
                print("PostgreSQL journal: reserve (one call of wanedit_reserve)", us, memoryUs);
                print("PostgreSQL journal: one read of the limits (slotsInUse), for scale", time(n, () -> pg.slotsInUse("tasks")),
                        memoryUs);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static double time(int n, Runnable permit) {
        for (int i = 0; i < Math.min(n, 2_000); i++) {
            permit.run(); // warm-up: JIT, connections, statement caches
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            permit.run();
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }

    private static void print(String what, double us, double baseline) {
        System.out.printf("%-70s %10.2f us/permit  x%.0f%n", what, us, us / baseline);
    }

    private SharedLimitsBenchmark() {
    }
}
