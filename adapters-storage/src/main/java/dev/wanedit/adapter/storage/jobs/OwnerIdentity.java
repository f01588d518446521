package dev.wanedit.adapter.storage.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who this process is as a lease owner: a random id, the host name (for people), the process id
 * and its start time, and its <em>scope</em>: the kernel's boot id and the pid namespace, which
 * say whether another owner's pid means the same process table as ours. Only an owner in our scope
 * can be declared dead at once because its pid is gone (or was reused by a process that started at
 * another time); any other owner is dead when its heartbeat expires.
 *
 * <p>No DNS lookup: {@code InetAddress.getLocalHost()} may wait on a resolver, so the host name
 * comes from the kernel ({@code /proc/sys/kernel/hostname}), the environment or {@code /etc/hostname}.
 */
record OwnerIdentity(String id, String host, String scope, long pid, Optional<Instant> processStart) {

    /** Two start times read for one process may differ by the clock-tick rounding of {@code /proc}. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    static OwnerIdentity current() {
        ProcessHandle self = ProcessHandle.current();
        return new OwnerIdentity(UUID.randomUUID().toString(), hostName(), currentScope(), self.pid(), self.info().startInstant());
    }

    /** The same identity with another process's pid and start (tests play a process that has died). */
    OwnerIdentity asProcess(long otherPid, Optional<Instant> otherStart) {
        return new OwnerIdentity(UUID.randomUUID().toString(), host, scope, otherPid, otherStart);
    }

    /** The same process seen as running on another machine (tests: a remote owner). */
    OwnerIdentity inOtherScope() {
        return new OwnerIdentity(UUID.randomUUID().toString(), "elsewhere", "other/" + UUID.randomUUID(), pid, processStart);
    }

    /**
     * Whether an owner recorded with {@code scope}, {@code pid} and {@code start} is known to be
     * gone: same scope as this process, and its pid is not alive or belongs to a process that started
     * at another time (pid reuse). An owner in another scope is never known gone here.
     */
    boolean knowsGone(String otherScope, long otherPid, Optional<Instant> otherStart) {
        if (scope.isEmpty() || !scope.equals(otherScope)) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(otherPid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        Optional<Instant> start = p.get().info().startInstant();
        return otherStart.isPresent() && start.isPresent()
                && Duration.between(otherStart.get(), start.get()).abs().compareTo(START_TOLERANCE) > 0;
    }

    static String hostName() {
        return read(Path.of("/proc/sys/kernel/hostname"))
                .or(() -> env("HOSTNAME"))
                .or(() -> env("COMPUTERNAME"))
                .or(() -> read(Path.of("/etc/hostname")))
                .orElse("unknown-host");
    }

    /** {@code boot-id/pid-namespace}, or empty where the kernel does not say (then only heartbeats decide). */
    static String currentScope() {
        Optional<String> boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
        Optional<String> ns;
        try {
            ns = Optional.of(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            ns = Optional.empty();
        }
        return boot.isPresent() && ns.isPresent() ? boot.get() + "/" + ns.get() : "";
    }

    private static Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static Optional<String> read(Path p) {
        try {
            String v = Files.readString(p, StandardCharsets.UTF_8).trim();
            return v.isEmpty() ? Optional.empty() : Optional.of(v);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
