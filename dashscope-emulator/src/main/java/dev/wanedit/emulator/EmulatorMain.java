package dev.wanedit.emulator;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone entry point:
 * {@code java -jar dashscope-emulator-VERSION-standalone.jar --port 8089 [--time-scale 0.05]
 * [--key-beijing K] [--key-singapore K] [--region beijing|singapore] [--no-limits]
 * [--over-concurrency reject|queue] [--fault RULE]...}.
 * Prints the base URL and which key to use, then serves until killed.
 */
public final class EmulatorMain {
    static final String USAGE = String.join("\n",
            "Usage: java -jar dashscope-emulator-standalone.jar [options]",
            "  --port N               port on 127.0.0.1 (default 8089; 0 picks a free one)",
            "  --region R             beijing (default) or singapore",
            "  --time-scale F         multiply task durations by F (e.g. 0.05; default 1)",
            "  --key-beijing K        API key accepted in Beijing (default sk-emulator-beijing)",
            "  --key-singapore K      API key accepted in Singapore (default sk-emulator-singapore)",
            "  --no-limits            switch off the rate and concurrency limits",
            "  --over-concurrency M   reject (default: 429 Throttling.AllocationQuota) or queue (PENDING until a slot frees)",
            "  --fault RULE           a fault rule (repeatable); see below and POST /__emulator/faults",
            "  --help                 show this help",
            "",
            FaultRules.HELP,
            "",
            "Control API (no key, loopback only): http://127.0.0.1:PORT/__emulator/ lists faults, requests, tasks,",
            "stats, clock (POST /__emulator/clock/advance {\"seconds\": 86400}), settings and reset.");

    private EmulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        DashScopeEmulator emu;
        try {
            emu = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage().replace("\n", "\nerror: "));
            System.err.println("Run with --help for the options and the fault-rule grammar.");
            System.exit(2);
            return;
        }
        if (emu == null) {
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stop.countDown();
        }, "dashscope-emulator-shutdown"));
        stop.await();
    }

    /** Parses the flags, starts the emulator and prints how to reach it; null after {@code --help}. */
    static DashScopeEmulator start(String[] args, PrintStream out) {
        DashScopeEmulator.Builder b = DashScopeEmulator.builder().port(8089);
        boolean customBeijing = false;
        boolean customSingapore = false;
        java.util.List<String> faults = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return null;
                case "--no-limits":
                    b.limitsEnabled(false);
                    continue;
                default:
                    break;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                value = args[++i];
            }
            switch (name) {
                case "--port":
                    b.port(parseInt(name, value));
                    break;
                case "--region":
                    b.region(Region.parse(value));
                    break;
                case "--time-scale":
                    try {
                        b.timeScale(Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--time-scale needs a number, got '" + value + "'");
                    }
                    break;
                case "--key-beijing":
                    b.apiKey(Region.BEIJING, value);
                    customBeijing = true;
                    break;
                case "--key-singapore":
                    b.apiKey(Region.SINGAPORE, value);
                    customSingapore = true;
                    break;
                case "--over-concurrency":
                    b.overConcurrency(OverConcurrency.parse(value));
                    break;
                case "--fault":
                    faults.add(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + name);
            }
        }
        FaultRules.check(faults); // every problem of every rule, before anything listens
        DashScopeEmulator emu = b.start();
        emu.faults().addAll(faults);
        Region region = emu.region();
        boolean custom = region == Region.BEIJING ? customBeijing : customSingapore;
        out.println("DashScope emulator (" + region.name().toLowerCase(Locale.ROOT) + ", " + region.id() + ") listening on "
                + emu.baseUrl());
        out.println("  API base URL : " + emu.apiBaseUrl());
        out.println("  API key      : " + (custom
                ? "the key given with --key-" + region.name().toLowerCase(Locale.ROOT)
                : emu.apiKey(region)));
        out.println("  time scale   : " + emu.timeScale());
        out.println("  control API  : " + emu.baseUrl() + "/__emulator/ (no key)");
        for (Faults.Rule r : emu.faults().rules()) {
            out.println("  fault " + r.id() + "     : " + r.text());
        }
        out.println("  e.g. export DASHSCOPE_API_KEY=" + (custom ? "<that key>" : emu.apiKey(region))
                + " and point your client at " + emu.apiBaseUrl());
        out.flush();
        return emu;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs an integer, got '" + value + "'");
        }
    }
}
