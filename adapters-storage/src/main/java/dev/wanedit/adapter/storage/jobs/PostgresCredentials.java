package dev.wanedit.adapter.storage.jobs;

import java.util.Map;
import java.util.Optional;

/**
 * The user and password of a PostgreSQL journal, from the environment only:
 * {@code WANEDIT_JOURNAL_USER} / {@code WANEDIT_JOURNAL_PASSWORD}, else libpq's {@code PGUSER} /
 * {@code PGPASSWORD}. A user in the journal URL wins over the environment's user. The password is
 * never shown: {@link #toString()} says only whether there is one.
 */
public final class PostgresCredentials {

    private final Optional<String> user;
    private final Optional<String> password;

    private PostgresCredentials(Optional<String> user, Optional<String> password) {
        this.user = user;
        this.password = password;
    }

    public static PostgresCredentials of(Optional<String> user, Optional<String> password) {
        return new PostgresCredentials(user.filter(u -> !u.isBlank()), password.filter(p -> !p.isEmpty()));
    }

    /** From the environment; the user of the target's URL, when it names one, wins. */
    public static PostgresCredentials fromEnvironment(Map<String, String> env, PostgresTarget target) {
        Optional<String> user = target.user().or(() -> first(env, "WANEDIT_JOURNAL_USER", "PGUSER"));
        return of(user, first(env, "WANEDIT_JOURNAL_PASSWORD", "PGPASSWORD"));
    }

    private static Optional<String> first(Map<String, String> env, String a, String b) {
        String v = env.get(a);
        if (v == null || v.isEmpty()) {
            v = env.get(b);
        }
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The user, when one is given (else the driver uses the process's user name, as libpq does). */
    public Optional<String> user() {
        return user;
    }

    Optional<String> password() {
        return password;
    }

    /** The password itself, for secret masking in logs (bootstrap registers it); never print it. */
    public Optional<String> secret() {
        return password;
    }

    @Override
    public String toString() {
        return "PostgresCredentials[user=" + user.orElse("(process user)") + ", password=" + (password.isPresent() ? "***" : "none") + "]";
    }
}
