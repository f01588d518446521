package dev.wanedit.adapter.cli;

import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** {@code wanedit}: the root command; without a subcommand it prints the usage. */
@Command(name = "wanedit", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = RootCommand.Version.class,
        description = {"Edit and generate images with Alibaba Cloud Model Studio's Wan models (DashScope).",
            "Every documented limit is checked before a billable call, the cost is shown first, results are stored "
                + "the moment they exist, and a job journal keeps anything paid for from being lost. The API key is "
                + "read from the environment (DASHSCOPE_API_KEY_BEIJING, DASHSCOPE_API_KEY_SINGAPORE or "
                + "DASHSCOPE_API_KEY) or the config file, never from an option."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  wanedit edit -m wan2.5-i2i-preview -i shelf.jpg \\",
            "      -p \"Put the clock on the shelf\" -n 1",
            "  wanedit validate -m wan2.7-image -i a.png -p \"Make it night\" --size 2K",
            "  wanedit generate -p \"A lighthouse at dawn\" --detach",
            "  wanedit jobs --state running",
            "  wanedit wait 20261121-101530-123-k3f9q2",
            "  wanedit resume",
            "  wanedit batch products.jsonl --max-cost 50",
            "  wanedit report --batch products.jsonl --open",
            "  wanedit studio --emulator",
            "  wanedit --emulator edit -m wan2.5-i2i-preview -i shelf.jpg -p \"No key needed\"",
            "  source <(wanedit generate-completion)",
            "",
            ExitCodes.TABLE})
public final class RootCommand extends BaseCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order the usage lists them. Added by {@link WaneditCli}, not named in
     * {@code @Command}: a command line that names one needs only that one built.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(EditImageCommand.class, GenerateImageCommand.class,
            ValidateCommand.class, StatusCommand.class, WaitCommand.class, CancelCommand.class, JobsCommand.class,
            ResumeCommand.class, BatchCommand.class, ModelsCommand.class, ReportCommand.class, StudioCommand.class,
            JournalCommand.class, EmulatorCommand.class, AutoComplete.GenerateCompletion.class);

    /** Inherited by every subcommand (picocli's {@code scope = INHERIT}); wherever given, set here. */
    @Mixin
    GlobalOptions options = new GlobalOptions();

    @Inject
    public RootCommand() {
        // subcommands are created by the factory
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err());
        err().flush();
        return ExitCodes.USAGE;
    }

    /** The version from the jar manifest. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"wanedit " + (v == null ? "(development build)" : v)};
        }
    }
}
