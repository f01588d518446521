package dev.wanedit.bootstrap.testing;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * SIGINT and the processes that ignore it. A process started in the background by a shell without
 * job control inherits SIGINT as ignored, and so do its children; a JVM that starts with SIGINT
 * ignored never installs its Ctrl-C handler. The Ctrl-C tests must not depend on how the build was
 * launched, so when this JVM ignores SIGINT the child is started through perl, which restores the
 * default disposition before it execs java.
 */
public final class Signals {

    private static final int SIGINT = 2;

    private Signals() {
    }

    /** The command prefix that gives the child a default SIGINT disposition, or nothing when it has one anyway. */
    static List<String> restoringSigint() {
        if (ignoresSigint(Path.of("/proc/self/status")) && Files.isExecutable(Path.of("/usr/bin/perl"))) {
            return List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", "--");
        }
        return List.of();
    }

    /** Skips the test when SIGINT cannot reach the child (not Linux, or still ignored), instead of reporting a false failure. */
    public static void assumeSigintDeliverable(long pid) {
        assumeFalse(ignoresSigint(Path.of("/proc/" + pid + "/status")), "process " + pid + " ignores SIGINT; Ctrl-C cannot be simulated here");
    }

    static boolean ignoresSigint(Path procStatus) {
        try {
            for (String line : Files.readAllLines(procStatus)) {
                if (line.startsWith("SigIgn:")) {
                    return new BigInteger(line.substring("SigIgn:".length()).strip(), 16).testBit(SIGINT - 1);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: assume the usual default
        }
        return false;
    }
}
