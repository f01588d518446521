package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.wanedit.adapter.cli.render.SidecarLocator;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.domain.catalog.Region;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands are created by a Guice-backed picocli factory, the way bootstrap does it. */
class GuiceWiringTest {

    @Test
    @DisplayName("with the in-ports and the CLI-side interfaces bound, Guice creates every command")
    void guiceCreatesEveryCommand() {
        Cli fakes = new Cli();
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(ValidateEdit.class).toInstance(fakes.validate);
                bind(SubmitEdit.class).toInstance(fakes.submit);
                bind(AwaitJob.class).toInstance(fakes.await);
                bind(ManageJobs.class).toInstance(fakes.manage);
                bind(ResumeJobs.class).toInstance(fakes.resume);
                bind(dev.wanedit.application.port.in.RunBatch.class).toInstance(fakes.batch);
                bind(CliContext.class).toInstance(CliContext.of(false, Region.BEIJING, Clock.systemUTC()));
                bind(SidecarLocator.class).toInstance(SidecarLocator.appending(".json"));
                bind(EmulatorLauncher.class).toInstance(fakes.emulator);
                bind(ReportRenderer.class).toInstance(fakes.reports);
                bind(StudioLauncher.class).toInstance(fakes.studio);
                bind(dev.wanedit.application.port.in.RebuildJournal.class).toInstance(() -> fakes.rebuilt);
            }
        });
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls.getName().startsWith("dev.wanedit.")) {
                    return injector.getInstance(cls); // our commands must come from Guice, with their in-ports
                }
                return CommandLine.defaultFactory().create(cls); // picocli's own (generate-completion)
            }
        };

        CommandLine cl = WaneditCli.create(factory);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));

        assertThat(cl.getSubcommands().keySet()).containsExactly("edit", "generate", "validate", "status", "wait", "cancel", "jobs",
                "resume", "batch", "models", "report", "studio", "journal", "emulator", "generate-completion");
        assertThat((Object) cl.getSubcommands().get("journal").getSubcommands().get("rebuild").getCommand())
                .isInstanceOf(JournalCommand.Rebuild.class);
        assertThat((Object) cl.getSubcommands().get("edit").getCommand()).isInstanceOf(EditImageCommand.class);
        assertThat(cl.execute("edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "x", "-q")).isZero();
        assertThat(out.toString()).contains("/image-0.png");
        assertThat(cl.execute("models", "-q")).isZero();
    }
}
