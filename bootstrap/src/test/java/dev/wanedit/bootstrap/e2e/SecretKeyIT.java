package dev.wanedit.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.bootstrap.testing.Sandbox;
import dev.wanedit.bootstrap.testing.SandboxExtension;
import dev.wanedit.bootstrap.testing.WaneditProcess;
import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.Endpoint;
import dev.wanedit.emulator.Fault;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API key never leaves the process except in the Authorization header: not in any output
 * (with {@code --verbose} debug logging and stack traces included), not in the journal, not in a
 * sidecar. The key here is deliberately not shaped like {@code sk-…}, so that the shape-based
 * masking cannot hide a leak. Every other e2e class runs the same scan over its own runs.
 */
@DisplayName("the API key is never in any output or file, even with --verbose")
class SecretKeyIT {

    private static final String ROOM = WaneditProcess.samples().resolve("living-room.png").toString();

    @RegisterExtension
    static final SandboxExtension E2E = SandboxExtension.perClass("secret").unshapedKey().emulator(b -> b.timeScale(0.02));

    @Test
    @DisplayName("verbose edit, verbose failures with stack traces, validate previews, jobs, status: no key anywhere")
    void keyNeverInOutputOrFiles(Sandbox sandbox, DashScopeEmulator emulator) throws Exception {
        WaneditProcess.Result edit = sandbox.run("--verbose", "edit", "-m", "wanx2.1-imageedit", "--function", "stylization_all",
                "-i", ROOM, "-p", "Verbose edit");
        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        assertThat(edit.stderr()).as("debug logging is on").contains("DEBUG").contains("/api/v1/tasks/");
        // the key did go over the wire (the emulator accepted it), masked in the emulator's own journal
        assertThat(emulator.journal().requests(Endpoint.IMAGE_SYNTHESIS).get(0).header("authorization")).startsWith("Bearer ****");

        WaneditProcess.Result json = sandbox.run("--verbose", "--json", "edit", "-m", "wan2.7-image", "--sync", "-i", ROOM,
                "-p", "Verbose json", "--size", "1K");
        assertThat(json.exitCode()).as(json.toString()).isZero();

        emulator.faults().on(Endpoint.TASK_QUERY).always().inject(Fault.internalError());
        WaneditProcess.Result failing = sandbox.run("--verbose", "edit", "-m", "wanx2.1-imageedit", "--function", "stylization_all",
                "-i", ROOM, "-p", "Verbose failure", "--timeout", "2s");
        emulator.faults().clear();
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(7);
        emulator.faults().onCreate().once().inject(Fault.dataInspectionFailed());
        WaneditProcess.Result rejected = sandbox.run("--verbose", "edit", "-m", "wan2.5-i2i-preview", "-i", ROOM, "-p", "Verbose reject");
        assertThat(rejected.exitCode()).as(rejected.toString()).isEqualTo(5);
        assertThat(rejected.stderr()).as("--verbose shows the stack trace").contains("\tat ");

        WaneditProcess.Result preview = sandbox.run("--verbose", "validate", "-m", "wan2.5-i2i-preview", "-i", ROOM, "-p", "Preview");
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        assertThat(preview.stdout()).as("the header is shown, masked").containsIgnoringCase("authorization:");
        WaneditProcess.Result previewJson = sandbox.run("validate", "--json", "-m", "wan2.7-image", "-p", "Preview json");
        assertThat(previewJson.exitCode()).isZero();
        sandbox.run("jobs", "--json");
        sandbox.run("--verbose", "jobs");
        sandbox.run("resume", "--verbose");

        List<Path> files = sandbox.allFiles();
        assertThat(files).as("the journal and the results are among the files scanned")
                .anyMatch(p -> p.getFileName().toString().equals("journal.db"))
                .anyMatch(p -> p.getFileName().toString().endsWith(".png"))
                .anyMatch(p -> p.startsWith(sandbox.out) && p.getFileName().toString().endsWith(".json"));
        sandbox.assertSecretNeverLeaked();
    }
}
