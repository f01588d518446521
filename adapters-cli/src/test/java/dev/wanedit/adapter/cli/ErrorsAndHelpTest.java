package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.application.port.in.value.WaitTimedOut;
import dev.wanedit.application.port.out.ConcurrentJobUpdate;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStoreException;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.request.Violation;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class ErrorsAndHelpTest {

    private static final String FAKE_KEY = "sk-4f9c2b7e1d8a6035testkeyXYZ";

    private final Cli cli = new Cli();
    private final CliErrorHandler handler = new CliErrorHandler();

    @Test
    @DisplayName("every exception maps to its documented exit code")
    void exitCodeMapping() {
        EditJob job = Jobs.pending(Jobs.wan25(1), "t");
        assertThat(handler.getExitCode(new CommandLine.ParameterException(cli.commandLine(), "x"))).isEqualTo(2);
        assertThat(handler.getExitCode(Fakes.invalid(Violation.error("n", "9", "must be from 1 to 4")))).isEqualTo(3);
        assertThat(handler.getExitCode(new UnreadableImage("a.jpg", "truncated"))).isEqualTo(3);
        assertThat(handler.getExitCode(new JobNotFound("x"))).isEqualTo(3);
        assertThat(handler.getExitCode(new dev.wanedit.application.port.out.JobRepositoryException.Damaged("bad row", null)))
                .as("a damaged journal, found mid-command, as at start-up").isEqualTo(3);
        assertThat(CliErrorHandler.kind(new dev.wanedit.application.port.out.JobRepositoryException.Damaged("bad row", null)))
                .isEqualTo("journal_damaged");
        assertThat(handler.getExitCode(new dev.wanedit.application.port.in.value.InvalidInput("manifest m.csv: no such file")))
                .isEqualTo(3);
        assertThat(handler.getExitCode(new IllegalArgumentException("limit must be positive")))
                .as("a programming error is never the user's invalid input").isEqualTo(1);
        assertThat(handler.getExitCode(new RemoteServiceException.Unauthorized("m", "InvalidApiKey", "", 401))).isEqualTo(4);
        assertThat(handler.getExitCode(new RemoteServiceException.Rejected("m", "InvalidParameter", "", 400))).isEqualTo(5);
        assertThat(handler.getExitCode(new RemoteServiceException.ResultExpired("m", 403))).isEqualTo(6);
        assertThat(handler.getExitCode(new RemoteServiceException.RateLimited("m", "Throttling", "", Optional.empty()))).isEqualTo(7);
        assertThat(handler.getExitCode(new RemoteServiceException.Unavailable("m", "", "", 503, null))).isEqualTo(7);
        assertThat(handler.getExitCode(new RemoteServiceException.OutcomeUnknown("m", null))).isEqualTo(7);
        assertThat(handler.getExitCode(new WaitTimedOut(job))).isEqualTo(7);
        assertThat(handler.getExitCode(new InterruptedException())).isEqualTo(130);
        assertThat(handler.getExitCode(new ResultStoreException("disk", new IOException()))).isEqualTo(1);
        assertThat(handler.getExitCode(new ResultStoreUnusable("oss://b/p/", "bucket b does not exist", false, null))).isEqualTo(2);
        assertThat(handler.getExitCode(new ResultStoreUnusable("oss://b/p/", "cannot reach OSS", true, null))).isEqualTo(7);
        assertThat(handler.getExitCode(new ConcurrentJobUpdate(new JobId("20261121-101530-123-aaaaaa"), 3))).isEqualTo(1);
        assertThat(handler.getExitCode(new IllegalStateException())).isEqualTo(1);
    }

    @Test
    @DisplayName("a store that cannot be used before paying: exit 2, JSON store_unusable, naming the bucket; nothing was paid")
    void storeUnusable() {
        cli.submit.failure = new ResultStoreUnusable("oss://results/wanedit/", "bucket results does not exist at OSS_ENDPOINT "
                + "https://oss-cn-beijing.aliyuncs.com: check the bucket name", false, null);
        String[] edit = {"edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "x"};

        Cli.Run text = cli.run(edit);
        Cli.Run json = cli.run(concat("--json", edit));

        assertThat(text.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(text.err()).contains("results cannot be stored in oss://results/wanedit/: bucket results does not exist")
                .contains("Nothing was sent, so nothing is paid for").doesNotContain("--verbose").doesNotContain("\tat ");
        JsonNode e = json.json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("store_unusable");
        assertThat(e.get("exit_code").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("ExitCodes.forJob: stored 0, partial/failed/cancelled/expired 6, unfinished 7")
    void forJob() {
        assertThat(ExitCodes.forJob(Jobs.stored(Jobs.running(Jobs.wan25(1), "a"), 0))).isZero();
        assertThat(ExitCodes.forJob(Jobs.stored(Jobs.running(Jobs.wan25(2), "b"), 1))).isEqualTo(6);
        assertThat(ExitCodes.forJob(Jobs.failed(Jobs.running(Jobs.wan25(1), "c"), "X", "y"))).isEqualTo(6);
        assertThat(ExitCodes.forJob(Jobs.rejected(Jobs.created(Jobs.wan25(1))))).isEqualTo(6);
        EditJob cancelled = Jobs.pending(Jobs.wan25(1), "d");
        cancelled.cancelled(Jobs.T0);
        assertThat(ExitCodes.forJob(cancelled)).isEqualTo(6);
        assertThat(ExitCodes.forJob(Jobs.running(Jobs.wan25(1), "e"))).isEqualTo(7);
        assertThat(ExitCodes.forJob(Jobs.created(Jobs.wan25(1)))).isEqualTo(7);
    }

    @Test
    @DisplayName("an unknown option exits 2 with a suggestion and the --help hint; --json gives an error document")
    void usageErrors() {
        Cli.Run r = cli.run("edit", "--sise", "2K");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option").contains("--size").contains("Run 'wanedit edit --help'");

        Cli.Run j = cli.run("--json", "jobs", "--bogus");
        assertThat(j.exit()).isEqualTo(2);
        JsonNode e = j.json().get("error");
        assertThat(e.get("code").asText()).isEqualTo("usage");
        assertThat(e.get("exit_code").asInt()).isEqualTo(2);
        assertThat(e.get("message").asText()).contains("--bogus");

        Cli.Run unknownCommand = cli.run("frobnicate");
        assertThat(unknownCommand.exit()).isEqualTo(2);
        assertThat(unknownCommand.err()).contains("frobnicate");
    }

    @Test
    @DisplayName("wanedit alone prints the usage on stderr and exits 2")
    void noSubcommand() {
        Cli.Run r = cli.run();
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: wanedit").contains("Commands:");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--api-key", "--key", "--dashscope-api-key", "--token"})
    @DisplayName("the key is never accepted as an option and never echoed back")
    void keyOptionRefused(String option) {
        Cli.Run r = cli.run("edit", "-m", "wan2.5-i2i-preview", option, FAKE_KEY);
        Cli.Run eq = cli.run("edit", option + "=" + FAKE_KEY);
        Cli.Run json = cli.run("--json", "edit", option, FAKE_KEY);

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("never accepted as an option").contains("DASHSCOPE_API_KEY_BEIJING");
        assertThat(r.all() + eq.all() + json.all()).doesNotContain(FAKE_KEY).doesNotContain("4f9c2b7e");
    }

    @Test
    @DisplayName("a key inside a service message is never printed, in text, JSON or --verbose traces")
    void keyInServiceMessage() {
        cli.submit.failure = new RemoteServiceException.Unauthorized("Invalid API-key provided: " + FAKE_KEY, "InvalidApiKey",
                "req-1", 401);
        String[] edit = {"edit", "-m", "wan2.5-i2i-preview", "-i", "shelf.jpg", "-p", "x"};
        Cli.Run text = cli.run(edit);
        Cli.Run verbose = cli.run(concat("--verbose", edit));
        Cli.Run json = cli.run(concat("--json", edit));

        assertThat(text.exit()).isEqualTo(ExitCodes.AUTH);
        assertThat(text.all() + verbose.all() + json.all()).doesNotContain(FAKE_KEY).doesNotContain("4f9c2b7e");
        assertThat(verbose.err()).contains("\tat ");
        assertThat(json.json().get("error").get("code").asText()).isEqualTo("unauthorized");
        assertThat(json.json().get("error").get("exit_code").asInt()).isEqualTo(4);
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    @DisplayName("no command has an option that takes an API key")
    void noKeyOptionAnywhere() {
        CommandLine root = cli.commandLine();
        assertThat(allOptionNames(root)).noneMatch(n -> n.matches("(?i).*(api[-_]?key|token|secret).*"))
                .allMatch(n -> !n.contains("key") || n.equals("--key-beijing") || n.equals("--key-singapore"));
    }

    private static java.util.List<String> allOptionNames(CommandLine cl) {
        java.util.List<String> names = new java.util.ArrayList<>();
        cl.getCommandSpec().options().forEach(o -> names.addAll(java.util.List.of(o.names())));
        cl.getSubcommands().values().forEach(sub -> names.addAll(allOptionNames(sub)));
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"edit", "generate", "validate", "status", "wait", "cancel", "jobs", "resume", "batch", "models",
        "emulator"})
    @DisplayName("every command has --help with examples and the global options")
    void helpEverywhere(String command) {
        Cli.Run r = cli.run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: wanedit " + command).contains("Examples:").contains("  wanedit ")
                .contains("--json").contains("--region=REGION").contains("--endpoint=URL").contains("--out=DIR")
                .contains("--config=FILE").contains("--emulator").contains("--verbose").contains("--quiet");
        assertThat(r.out().lines()).allMatch(l -> l.length() <= 80, "fits 80 columns");
    }

    @Test
    @DisplayName("the root --help documents the exit codes and lists every command, completion included")
    void rootHelp() {
        Cli.Run r = cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Exit codes:").contains("  0    ok").contains("  2    usage").contains("  3    invalid input")
                .contains("  4    authentication or region").contains("  5    rejected by the service")
                .contains("  6    the task failed").contains("  7    unavailable").contains("  130  interrupted")
                .contains("generate-completion").contains("emulator").contains("resume");
        assertThat(r.out().lines()).allMatch(l -> l.length() <= 80, "fits 80 columns");
    }

    @Test
    @DisplayName("generate-completion prints a bash/zsh completion script for wanedit and its subcommands")
    void completion() {
        Cli.Run r = cli.run("generate-completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F").contains("wanedit").contains("edit").contains("--cancel-on-interrupt");
    }

    @Test
    @DisplayName("--version prints the version")
    void version() {
        Cli.Run r = cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("wanedit ");
    }
}
