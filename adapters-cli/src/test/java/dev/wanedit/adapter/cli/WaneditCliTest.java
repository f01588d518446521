package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.cli.command.RootCommand;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("the command line built for a run: the named subcommand alone, or every one where the whole tree shows")
class WaneditCliTest {

    private final Cli cli = new Cli();

    private Set<String> built(String... args) {
        return cli.commandLine(args).getSubcommands().keySet();
    }

    @Test
    @DisplayName("a named subcommand is built alone, wherever the global options stand, with its own subcommands")
    void namedSubcommandAlone() {
        assertThat(built("jobs")).containsExactly("jobs");
        assertThat(built("--region", "singapore", "--json", "validate", "-m", "wan2.5-i2i-preview")).containsExactly("validate");
        assertThat(built("journal", "rebuild")).containsExactly("journal");
        assertThat(cli.commandLine("journal", "rebuild").getSubcommands().get("journal").getSubcommands()).containsKey("rebuild");
    }

    @Test
    @DisplayName("no subcommand, an unknown one, the root's --help or --version before it, generate-completion: every subcommand")
    void wholeTree() {
        Set<String> all = cli.commandLine().getSubcommands().keySet();
        assertThat(all).hasSize(RootCommand.SUBCOMMANDS.size()).contains("edit", "batch", "generate-completion");
        assertThat(built()).isEqualTo(all);
        assertThat(built("--json")).isEqualTo(all);
        assertThat(built("jbos")).isEqualTo(all);
        assertThat(built("--help", "jobs")).isEqualTo(all);
        assertThat(built("-V")).isEqualTo(all);
        assertThat(built("generate-completion")).isEqualTo(all);
        assertThat(built("jobs", "--help")).as("the subcommand's own help needs only it").containsExactly("jobs");
    }

    @Test
    @DisplayName("a line naming no subcommand lists them all without building one, and its usage is the whole tree's, byte for byte")
    void rootAlone_listsWithoutBuilding() throws Exception {
        java.util.List<Class<?>> created = new java.util.ArrayList<>();
        CommandLine.IFactory counting = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                created.add(cls);
                return CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine alone = WaneditCli.forArguments(counting, s -> s, java.util.Optional.empty(), "--help");
        assertThat(created).as("the factory made the root and nothing of a subcommand")
                .allSatisfy(c -> assertThat(RootCommand.SUBCOMMANDS).doesNotContain(c));
        CommandLine whole = cli.commandLine();
        assertThat(alone.getSubcommands().keySet()).containsExactlyElementsOf(whole.getSubcommands().keySet());
        assertThat(alone.getUsageMessage()).isEqualTo(whole.getUsageMessage());
        assertThat(alone.getUsageMessage(CommandLine.Help.Ansi.OFF)).contains("generate-completion", "Commands:");

        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"--version"}, {}, {"--json"}, {"--bogus"}}) {
            assertThat(executed(WaneditCli.forArguments(counting, s -> s, GlobalOptions.commandName(args), args), args))
                    .as(String.join(" ", args)).isEqualTo(executed(cli.commandLine(), args));
        }
    }

    /** The exit code, stdout and stderr of running {@code args} on {@code cl}. */
    private static java.util.List<Object> executed(CommandLine cl, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int exit = cl.execute(args);
        return java.util.List.of(exit, out.toString(), err.toString());
    }

    @Test
    @DisplayName("global options are inherited by a subcommand built alone, before or after its name")
    void inheritedOptions() {
        CommandLine cl = cli.commandLine("jobs", "--region", "singapore");
        CommandLine.ParseResult r = cl.parseArgs("jobs", "--region", "singapore", "--json");
        assertThat((Object) r.subcommand().matchedOptionValue("--region", null)).isEqualTo(dev.wanedit.domain.catalog.Region.SINGAPORE);
        assertThat(r.subcommand().hasMatchedOption("--json")).isTrue();
        assertThat(cli.run("--region", "singapore", "jobs", "--json").exit()).isZero();
        assertThat(cli.run("jobs", "--region", "singapore", "--json").exit()).isZero();
    }

    @Test
    @DisplayName("an unknown subcommand is a usage error naming it, as with the whole tree")
    void unknownSubcommand() {
        Cli.Run r = cli.run("jbos");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument at index 0: 'jbos'");
    }
}
