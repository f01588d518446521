package dev.wanedit.adapter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wanedit.adapter.cli.command.BatchCommand;
import dev.wanedit.adapter.cli.command.CancelCommand;
import dev.wanedit.adapter.cli.command.EditImageCommand;
import dev.wanedit.adapter.cli.command.EmulatorCommand;
import dev.wanedit.adapter.cli.command.GenerateImageCommand;
import dev.wanedit.adapter.cli.command.JobsCommand;
import dev.wanedit.adapter.cli.command.JournalCommand;
import dev.wanedit.adapter.cli.command.ReportCommand;
import dev.wanedit.adapter.cli.command.ResumeCommand;
import dev.wanedit.adapter.cli.command.StatusCommand;
import dev.wanedit.adapter.cli.command.StudioCommand;
import dev.wanedit.adapter.cli.command.ValidateCommand;
import dev.wanedit.adapter.cli.command.WaitCommand;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.domain.catalog.Region;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The whole command line over fake in-ports, run in memory. */
public final class Cli {

    final Fakes.Journal journal = new Fakes.Journal();
    final Fakes.Validate validate = new Fakes.Validate();
    final Fakes.Submit submit = new Fakes.Submit(journal);
    final Fakes.Await await = new Fakes.Await(journal);
    final Fakes.Manage manage = new Fakes.Manage(journal);
    final Fakes.Resume resume = new Fakes.Resume();
    final FakeEmulator emulator = new FakeEmulator();
    final FakeBatch batch = new FakeBatch();
    final FakeReports reports = new FakeReports();
    final FakeStudio studio = new FakeStudio();
    /** What {@code journal rebuild} reports; set by a test. */
    dev.wanedit.application.port.in.RebuildJournal.Report rebuilt =
            new dev.wanedit.application.port.in.RebuildJournal.Report("/out", java.util.List.of(), 0, java.util.List.of());
    boolean interactive;
    Region defaultRegion = Region.BEIJING;
    Clock clock = Clock.fixed(Jobs.T0, ZoneOffset.UTC);
    SidecarLocator sidecars = SidecarLocator.appending(".json");

    /** The outcome of one run. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (java.io.IOException e) {
                throw new AssertionError("stdout is not one JSON document:\n" + out, e);
            }
        }

        String all() {
            return out + err;
        }
    }

    /** Every subcommand, as {@code generate-completion} and the root's usage see them. */
    public CommandLine commandLine() {
        return WaneditCli.create(factory());
    }

    /** What bootstrap builds for {@code args}: the root with the subcommand they name alone, or with all. */
    CommandLine commandLine(String... args) {
        return WaneditCli.forArguments(factory(), dev.wanedit.application.policy.Redaction::redact,
                GlobalOptions.commandName(args), args);
    }

    private CommandLine.IFactory factory() {
        CliContext context = CliContext.of(interactive, defaultRegion, clock);
        Map<Class<?>, Supplier<Object>> commands = new java.util.HashMap<>(Map.of(
                EditImageCommand.class, () -> new EditImageCommand(validate, submit, await, manage, context, sidecars),
                GenerateImageCommand.class, () -> new GenerateImageCommand(validate, submit, await, manage, context, sidecars),
                ValidateCommand.class, () -> new ValidateCommand(validate, context),
                StatusCommand.class, () -> new StatusCommand(manage, sidecars),
                WaitCommand.class, () -> new WaitCommand(await, manage, context, sidecars),
                CancelCommand.class, () -> new CancelCommand(manage, sidecars),
                JobsCommand.class, () -> new JobsCommand(manage, context, sidecars),
                ResumeCommand.class, () -> new ResumeCommand(resume, context, sidecars),
                EmulatorCommand.class, () -> new EmulatorCommand(emulator, context),
                BatchCommand.class, () -> new BatchCommand(batch, context)));
        commands.put(ReportCommand.class, () -> new ReportCommand(() -> reports, context));
        commands.put(StudioCommand.class, () -> new StudioCommand(() -> studio));
        commands.put(JournalCommand.Rebuild.class, () -> new JournalCommand.Rebuild(() -> rebuilt, sidecars));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                Supplier<Object> s = commands.get(cls);
                return s != null ? (K) s.get() : CommandLine.defaultFactory().create(cls);
            }
        };
        return factory;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = commandLine(args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A batch use case that reads the whole manifest, remembers it and answers a scripted report. */
    static final class FakeBatch implements dev.wanedit.application.port.in.RunBatch {
        dev.wanedit.application.port.in.value.BatchSpec spec;
        List<dev.wanedit.application.port.in.value.ManifestLine> lines = new ArrayList<>();
        java.util.function.Function<List<dev.wanedit.application.port.in.value.ManifestLine>, dev.wanedit.application.port.in.value.BatchReport> answer;
        boolean interrupt;
        List<dev.wanedit.application.port.in.value.BatchProgress> progress = List.of();
        /** The outcomes the listener hears, in order, before the report is returned (set by the answer). */
        List<dev.wanedit.application.port.in.value.BatchReport.LineOutcome> ended = List.of();

        @Override
        public dev.wanedit.application.port.in.value.BatchReport run(dev.wanedit.application.port.in.value.BatchSpec spec,
                dev.wanedit.application.port.in.value.ManifestSource manifest,
                dev.wanedit.application.port.in.value.BatchProgress.Listener listener) throws InterruptedException {
            this.spec = spec;
            try (java.util.stream.Stream<dev.wanedit.application.port.in.value.ManifestLine> s = manifest.lines()) {
                lines = s.toList();
            }
            progress.forEach(listener::update);
            if (interrupt) {
                throw new InterruptedException();
            }
            dev.wanedit.application.port.in.value.BatchReport report = answer.apply(lines);
            ended.forEach(listener::lineEnded);
            return report;
        }
    }

    /** A report renderer that remembers what it was asked and "writes" where it was told. */
    static final class FakeReports implements ReportRenderer {
        final List<Request> requests = new ArrayList<>();
        final List<java.nio.file.Path> opened = new ArrayList<>();
        int jobs = 3;
        Optional<String> openFails = Optional.empty();
        RuntimeException fail;

        @Override
        public Written write(Request request) {
            requests.add(request);
            if (fail != null) {
                throw fail;
            }
            return new Written(request.output().orElse(java.nio.file.Path.of("/results/wanedit-report.html")), jobs);
        }

        @Override
        public Optional<String> open(java.nio.file.Path file) {
            opened.add(file);
            return openFails;
        }
    }

    /** A server (the studio, the emulator) that "runs" until awaitTermination is called, then stops at once (or is interrupted). */
    abstract static class FakeServer {
        boolean closed;
        boolean interrupt;

        /** One run: {@code awaitTermination} and {@code close} as {@code RunningStudio} and {@code RunningEmulator} declare them. */
        abstract class Running {
            public void awaitTermination() throws InterruptedException {
                if (interrupt) {
                    throw new InterruptedException();
                }
            }

            public void close() {
                closed = true;
            }
        }
    }

    /** A studio that "serves" until awaitTermination is called. */
    static final class FakeStudio extends FakeServer implements StudioLauncher {
        final List<Integer> ports = new ArrayList<>();

        @Override
        public RunningStudio start(int port) {
            ports.add(port);
            final class Studio extends Running implements RunningStudio {
                @Override
                public String url() {
                    return "http://127.0.0.1:" + (port == 0 ? 40999 : port) + "/t/0123456789abcdef0123456789abcdef/";
                }
            }
            return new Studio();
        }
    }

    /** An emulator that "runs" until awaitTermination is called. */
    static final class FakeEmulator extends FakeServer implements EmulatorLauncher {
        final List<Settings> started = new ArrayList<>();

        @Override
        public RunningEmulator start(Settings settings) {
            started.add(settings);
            final class Emulator extends Running implements RunningEmulator {
                @Override
                public String baseUrl() {
                    return "http://127.0.0.1:" + (settings.port() == 0 ? 40123 : settings.port());
                }
            }
            return new Emulator();
        }

        Optional<Settings> last() {
            return started.isEmpty() ? Optional.empty() : Optional.of(started.get(started.size() - 1));
        }
    }
}
