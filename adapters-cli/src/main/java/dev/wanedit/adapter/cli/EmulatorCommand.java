package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wanedit.domain.Region;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wanedit emulator}: the standalone DashScope emulator, with the options of its own jar. */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the local DashScope emulator until Ctrl-C.",
            "The same paths, keys per region, validation, task life cycle, result images, limits and errors as the "
                + "real service, on 127.0.0.1. Point any command at it with --endpoint, or give --emulator to a "
                + "command to start one just for that command."},
        footerHeading = "%nExamples:%n",
        footer = {"  wanedit emulator", "  wanedit emulator --port 9000 --time-scale 0.05",
            "  wanedit --region singapore emulator --key-singapore my-test-key"})
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
                    Optional.ofNullable(keySingapore), region, !noLimits);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (EmulatorLauncher.RunningEmulator emulator = launcher.start(settings)) {
            announce(emulator.baseUrl(), region);
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

    private void announce(String baseUrl, Region region) {
        GlobalOptions g = globals();
        PrintWriter out = out();
        if (g.json()) {
            ObjectNode doc = json.object();
            doc.put("base_url", baseUrl);
            doc.put("region", region.id());
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
                + (timeScale == 1 ? "" : ", task durations x" + timeScale) + (noLimits ? ", no limits" : "") + ")");
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
