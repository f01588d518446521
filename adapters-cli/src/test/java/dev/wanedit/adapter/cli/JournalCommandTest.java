package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wanedit.application.port.in.RebuildJournal;
import dev.wanedit.domain.job.EditJob;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JournalCommandTest {

    private final Cli cli = new Cli();

    @Test
    @DisplayName("journal rebuild names each job journaled again, how many were known, and every result it could not use")
    void rebuildText() {
        EditJob j = Jobs.stored(Jobs.running(Jobs.wan25(1), "t-1"), 0);
        cli.rebuilt = new RebuildJournal.Report("/out", List.of(j), 2, List.of("/out/x/0.json: written by an older wanedit"));

        Cli.Run r = cli.run("journal", "rebuild", "-o", "/out");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Journaled 1 job(s) again from the results in /out; 2 already in the journal.")
                .contains(j.id().value()).contains("wan2.5-i2i-preview").contains("1 image(s)")
                .contains("1 result(s) could not be used:").contains("/out/x/0.json: written by an older wanedit");
    }

    @Test
    @DisplayName("journal rebuild --json: counts, the jobs as status shows them, and what was skipped")
    void rebuildJson() {
        EditJob j = Jobs.stored(Jobs.running(Jobs.wan25(1), "t-1"), 0);
        cli.rebuilt = new RebuildJournal.Report("/out", List.of(j), 0, List.of("skip me"));

        JsonNode doc = cli.run("journal", "rebuild", "--json").json();

        assertThat(doc.get("folder").asText()).isEqualTo("/out");
        assertThat(doc.get("journaled").asInt()).isEqualTo(1);
        assertThat(doc.get("already_known").asInt()).isZero();
        assertThat(doc.at("/jobs/0/job_id").asText()).isEqualTo(j.id().value());
        assertThat(doc.at("/jobs/0/state").asText()).isEqualTo("STORED");
        assertThat(doc.at("/skipped/0").asText()).isEqualTo("skip me");
    }

    @Test
    @DisplayName("journal without a subcommand shows its usage and exits 2")
    void journalAlone() {
        Cli.Run r = cli.run("journal");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.all()).contains("rebuild");
    }
}
