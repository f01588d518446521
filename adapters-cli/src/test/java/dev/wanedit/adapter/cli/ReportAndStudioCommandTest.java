package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.application.port.in.value.JobNotFound;
import dev.wanedit.domain.job.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("wanedit report and wanedit studio (command line side)")
class ReportAndStudioCommandTest {

    final Cli cli = new Cli();

    @Test
    @DisplayName("report JOB...: asks for those jobs and prints the file's path")
    void report_jobs() {
        Cli.Run run = cli.run("report", "20261121-101530-123-k3f9q2", "20261121-101530-124-k3f9q3");

        assertThat(run.exit()).isZero();
        ReportRenderer.Request r = cli.reports.requests.get(0);
        assertThat(r.jobs()).containsExactly("20261121-101530-123-k3f9q2", "20261121-101530-124-k3f9q3");
        assertThat(r.batch()).isEmpty();
        assertThat(r.output()).isEmpty();
        assertThat(r.embed()).isFalse();
        assertThat(r.limit()).isEqualTo(1000);
        assertThat(run.out()).isEqualTo("Report of 3 jobs: /results/wanedit-report.html\n");
        assertThat(cli.reports.opened).isEmpty();
    }

    @Test
    @DisplayName("report --batch --since --state -o --embed --open: every option reaches the renderer")
    void report_options() {
        Cli.Run run = cli.run("report", "--batch", " products.jsonl ", "--since", "2h", "--state", "failed,expired", "-o", "share.html",
                "--embed", "--open");

        assertThat(run.exit()).as(run.all()).isZero();
        ReportRenderer.Request r = cli.reports.requests.get(0);
        assertThat(r.jobs()).isEmpty();
        assertThat(r.batch()).contains("products.jsonl");
        assertThat(r.since()).contains(Jobs.T0.minus(Duration.ofHours(2)));
        assertThat(r.states()).isEqualTo(Set.of(JobState.FAILED, JobState.EXPIRED));
        assertThat(r.output()).contains(Path.of("share.html"));
        assertThat(r.embed()).isTrue();
        assertThat(cli.reports.opened).containsExactly(Path.of("share.html"));
        assertThat(run.out()).isEqualTo("Report of 3 jobs (images embedded): share.html\n");
    }

    @Test
    @DisplayName("report --json and -q: one document, or just the path; a failed --open is said, not fatal")
    void report_jsonAndQuiet() {
        cli.reports.openFails = Optional.of("no desktop handler (xdg-open) on this machine");
        Cli.Run json = cli.run("report", "--json", "--open");
        assertThat(json.exit()).isZero();
        assertThat(json.json().get("file").asText()).isEqualTo("/results/wanedit-report.html");
        assertThat(json.json().get("jobs").asInt()).isEqualTo(3);
        assertThat(json.json().get("opened").asBoolean()).isFalse();
        assertThat(json.err()).contains("Not opened: no desktop handler (xdg-open) on this machine");

        Cli.Run plain = cli.run("report", "--json");
        assertThat(plain.json().get("opened").isNull()).as("every field is present, null when it does not apply").isTrue();
        assertThat(plain.json().get("embedded").asBoolean()).isFalse();

        Cli.Run quiet = cli.run("report", "-q");
        assertThat(quiet.out()).isEqualTo("/results/wanedit-report.html\n");
    }

    @Test
    @DisplayName("report: unknown jobs exit 3 naming them; ids with a filter, or a bad limit, are usage errors")
    void report_errors() {
        cli.reports.fail = new JobNotFound("20261121-101530-123-k3f9q2");
        Cli.Run missing = cli.run("report", "20261121-101530-123-k3f9q2");
        assertThat(missing.exit()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(missing.err()).contains("20261121-101530-123-k3f9q2");

        Cli.Run both = cli.run("report", "20261121-101530-123-k3f9q2", "--since", "1d");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("either JOB ids or --batch/--since/--state");

        assertThat(cli.run("report", "--limit", "0").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("report", "--state", "sleeping").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @DisplayName("studio: prints the address with its token, serves until interrupted, then closes")
    void studio_runsUntilInterrupted() {
        cli.studio.interrupt = true;
        Cli.Run run = cli.run("studio", "--port", "8090");

        assertThat(run.exit()).isZero();
        assertThat(cli.studio.ports).containsExactly(8090);
        assertThat(cli.studio.closed).isTrue();
        assertThat(run.out()).startsWith("wanedit studio: http://127.0.0.1:8090/t/0123456789abcdef0123456789abcdef/\n");
        assertThat(run.err()).contains("Studio stopped");
    }

    @Test
    @DisplayName("studio --json prints one document; a bad port is a usage error")
    void studio_jsonAndBadPort() {
        Cli.Run json = cli.run("studio", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.json().get("url").asText()).isEqualTo("http://127.0.0.1:40999/t/0123456789abcdef0123456789abcdef/");
        assertThat(cli.studio.ports).containsExactly(0);

        assertThat(cli.run("studio", "--port", "70000").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.studio.ports).hasSize(1);
    }
}
