package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.adapter.cli.render.JsonOutput;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.domain.catalog.Region;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wanedit emulator}: the standalone DashScope emulator, with the options of its own jar. */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the local DashScope emulator until Ctrl-C.",
            "The same paths, keys per region, validation, task life cycle, result images, limits and errors as the "
                + "real service, on 127.0.0.1. Point any command at it with --endpoint, or give --emulator to a "
                + "command to start one just for that command.",
            "",
            "Failures on demand (--fault RULE, repeatable; a RULE is key=value pairs):",
            "  on=ENDPOINTS  create, image-synthesis, image-generation,",
            "                multimodal-generation, query, list, cancel, tasks, policy,",
            "                upload, download, public, any (comma-separated; required)",
            "  model=M  prompt=REGEX  times=N (default: always)",
            "  do=fail [code=C message=M]        the task ends FAILED",
            "  do=fail-images images=0,2         those images fail (partial success)",
            "  do=reject-input | reject-output   content inspection rejects",
            "  do=expire after=DURATION          the task answers UNKNOWN early",
            "  do=unknown [queries=N]            a young task answers UNKNOWN N times",
            "  do=list-lag for=DURATION          a new task is missing from GET /tasks",
            "  do=error status=S [code= message= retry-after=]   429, 500, 503, 403...",
            "  do=gateway [status=502|503|504]   a gateway's HTML error page",
            "  do=reset | stall for=DURATION     drop the connection, or wait",
            "  do=truncate [cut=before-id|after-id|half|N] [length=cut|full] | garble",
            "  when=after   the create (cancel, upload) happened, then the answer was",
            "               lost or mangled; default when=before: nothing is created",
            "  DURATION: 500ms, 30s, 10m, 24h, 1d",
            "",
            "Control API, no key: <base URL>/__emulator/ (POST/GET faults, GET requests,",
            "tasks, stats; POST clock/advance {\"seconds\": 86400}, reset). See the README",
            "section \"Testing your own code against the emulator\"."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit emulator", "  wanedit emulator --port 9000 --time-scale 0.05",
            "  wanedit --region singapore emulator --key-singapore my-test-key",
            "  wanedit emulator --fault \"on=create model=wan2.5-i2i-preview times=2 do=fail code=InternalError.Algo message=boom\"",
            "  wanedit emulator --fault \"on=create times=1 do=truncate when=after cut=after-id\" --fault \"on=create do=list-lag for=30s\"",
            "  wanedit emulator --fault \"on=download times=2 do=error status=403\" --over-concurrency queue",
            "  curl -d 'on=query times=3 do=error status=429 retry-after=2s' http://127.0.0.1:8089/__emulator/faults"})
public final class EmulatorCommand extends BaseCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "P", defaultValue = "8089", description = "Port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--time-scale", paramLabel = "X", defaultValue = "1",
            description = "Multiply task durations by X, e.g. 0.05 for 20 times faster (default ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(names = "--key-beijing", paramLabel = "K", description = "The key the emulator accepts for Beijing (default: its built-in test key).")
    String keyBeijing;

    @Option(names = "--key-singapore", paramLabel = "K", description = "The key the emulator accepts for Singapore (default: its built-in test key).")
    String keySingapore;

    @Option(names = "--no-limits", description = "Switch off the rate and concurrency limits.")
    boolean noLimits;

    @Option(names = "--over-concurrency", paramLabel = "MODE", defaultValue = "reject",
            description = "A create above a model's concurrency limit: reject (429 Throttling.AllocationQuota, "
                    + "nothing created; default) or queue (created, PENDING until a running task ends).")
    EmulatorLauncher.OverConcurrency overConcurrency;

    @Option(names = "--fault", paramLabel = "RULE",
            description = "A fault rule (repeatable), e.g. \"on=create times=1 do=fail code=InternalError.Algo\"; "
                    + "the grammar is above. A bad rule is refused, naming the key and the allowed values.")
    List<String> faults = new ArrayList<>();

    private final EmulatorLauncher launcher;
    private final CliContext context;
    private final JsonOutput json = new JsonOutput(SidecarLocator.none());

    @Inject
    public EmulatorCommand(EmulatorLauncher launcher, CliContext context) {
        this.launcher = launcher;
        this.context = context;
    }

    @Override
    public Integer call() {
        Region region = globals().region().orElse(context.defaultRegion());
        EmulatorLauncher.Settings settings;
        try {
            settings = new EmulatorLauncher.Settings(port, timeScale, Optional.ofNullable(keyBeijing),
                    Optional.ofNullable(keySingapore), region, !noLimits, overConcurrency, faults);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        EmulatorLauncher.RunningEmulator started;
        try {
            started = launcher.start(settings);
        } catch (EmulatorLauncher.InvalidSettings e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fault: " + e.getMessage());
        }
        try (EmulatorLauncher.RunningEmulator emulator = started) {
            announce(emulator, region);
            try {
                emulator.awaitTermination();
            } catch (InterruptedException e) {
                if (chatty()) {
                    err().println("Emulator stopped.");
                    err().flush();
                }
            }
        }
        return ExitCodes.OK;
    }

    private void announce(EmulatorLauncher.RunningEmulator emulator, Region region) {
        String baseUrl = emulator.baseUrl();
        GlobalOptions g = globals();
        PrintWriter out = out();
        if (g.json()) {
            ObjectNode doc = json.object();
            doc.put("base_url", baseUrl);
            doc.put("region", region.id());
            doc.put("control_url", baseUrl + "/__emulator/");
            doc.put("over_concurrency", overConcurrency.name().toLowerCase(java.util.Locale.ROOT));
            emulator.faultRules().forEach(doc.putArray("faults")::add);
            json.print(out, doc);
            return;
        }
        if (g.quiet()) {
            out.println(baseUrl);
            out.flush();
            return;
        }
        String keyVar = region == Region.BEIJING ? "DASHSCOPE_API_KEY_BEIJING" : "DASHSCOPE_API_KEY_SINGAPORE";
        boolean customKey = region == Region.BEIJING ? keyBeijing != null : keySingapore != null;
        out.println("DashScope emulator listening on " + baseUrl + " (plays " + region.id()
                + (timeScale == 1 ? "" : ", task durations x" + timeScale) + (noLimits ? ", no limits" : "")
                + (overConcurrency == EmulatorLauncher.OverConcurrency.QUEUE ? ", queues creates above the concurrency limit" : "")
                + ")");
        out.println("Control API (no key): " + baseUrl + "/__emulator/  (faults, requests, tasks, stats, clock, reset)");
        List<String> rules = emulator.faultRules();
        if (!rules.isEmpty()) {
            out.println("Fault rules:");
            rules.forEach(r -> out.println("  " + r));
        }
        out.println();
        out.println("Point wanedit at it from another terminal:");
        out.println("  export " + keyVar + "=<" + (customKey ? "the key you gave with --key-" + region.id()
                : "the emulator's built-in " + region.id() + " test key") + ">");
        out.println("  wanedit --endpoint " + baseUrl + " --region " + region.id()
                + " edit -m wan2.5-i2i-preview -i shelf.jpg -p \"Put the clock on the shelf\"");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
