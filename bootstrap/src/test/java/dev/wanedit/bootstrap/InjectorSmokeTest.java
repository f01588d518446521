package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.wanedit.adapter.cli.RootCommand;
import dev.wanedit.adapter.cli.WaneditCli;
import dev.wanedit.domain.catalog.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real module graph, from the modules {@code Main} uses, built in Stage.PRODUCTION (every
 * singleton created eagerly; {@code Main} uses DEVELOPMENT, where a command builds only what it
 * calls), from a fake configuration: a missing binding or a failing provider fails here, not at a
 * user's prompt; and building the graph does no I/O (the journal is created on first use, not before).
 */
@DisplayName("injector smoke test: the real modules resolve every command, with no I/O, and close")
class InjectorSmokeTest {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("local storage: RootCommand and every subcommand resolve through Guice")
    void localStorage_everyCommandResolves() {
        AppConfig config = config(Optional.empty());
        Wiring wiring = new Wiring(config, false);
        Injector injector = Guice.createInjector(Stage.PRODUCTION, wiring.modules());

        Set<Class<?>> commands = ourCommandClasses(injector);
        assertThat(commands).contains(RootCommand.class);
        List<String> names = new ArrayList<>(WaneditCli.create(new GuiceCommandFactory(injector)).getSubcommands().keySet());
        assertThat(names).contains("edit", "generate", "validate", "status", "wait", "cancel", "jobs", "resume", "batch", "models",
                "emulator");
        for (Class<?> command : commands) {
            // getBinding throws ConfigurationException when Guice cannot build the class; the
            // factory would then silently fall back to picocli's reflection, without the in-ports
            assertThat(injector.getBinding(command)).as("binding for %s", command.getSimpleName()).isNotNull();
            assertThat(injector.getInstance(command)).isInstanceOf(command);
        }
        names.remove("generate-completion"); // picocli's own, built by its factory fallback
        int nested = WaneditCli.create(new GuiceCommandFactory(injector)).getSubcommands().get("journal").getSubcommands().size();
        assertThat(nested).as("journal rebuild").isEqualTo(1);
        assertThat(commands).as("RootCommand and one class per subcommand").hasSize(names.size() + nested + 1);

        assertNoIo(config);
        assertThatCode(wiring::close).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("OSS storage: the graph builds, the client is created without a network call and shut down on close")
    void ossStorage_buildsAndCloses() {
        AppConfig config = config(Optional.of(new AppConfig.OssConfig("http://127.0.0.1:1", "e2e-bucket", "wanedit/")));
        Wiring wiring = new Wiring(config, true);
        Injector injector = Guice.createInjector(Stage.PRODUCTION, wiring.modules());

        for (Class<?> command : ourCommandClasses(injector)) {
            assertThat(injector.getInstance(command)).isInstanceOf(command);
        }
        assertNoIo(config);
        assertThatCode(wiring::close).doesNotThrowAnyException();
    }

    private AppConfig config(Optional<AppConfig.OssConfig> oss) {
        Path home = tmp.resolve("wanedit-home");
        return new AppConfig(Region.BEIJING, Optional.of("http://127.0.0.1:1"), tmp.resolve("out"), home, home.resolve("journal.db"),
                Map.of(Region.BEIJING, "sk-smoke-test-not-a-key"), oss, false, 1.0);
    }

    /** The command classes of the whole tree (ours, not picocli's own such as generate-completion). */
    private static Set<Class<?>> ourCommandClasses(Injector injector) {
        CommandLine root = WaneditCli.create(new GuiceCommandFactory(injector));
        Set<Class<?>> classes = new LinkedHashSet<>();
        collect(root, classes);
        return classes;
    }

    private static void collect(CommandLine cl, Set<Class<?>> into) {
        Class<?> cls = cl.getCommand().getClass();
        if (cls.getName().startsWith("dev.wanedit.")) {
            into.add(cls);
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private void assertNoIo(AppConfig config) {
        assertThat(config.journal()).as("the journal is created on first use, not by wiring").doesNotExist();
        assertThat(config.home()).doesNotExist();
        assertThat(config.outDir()).doesNotExist();
        assertThat(Files.exists(tmp)).isTrue();
    }
}
