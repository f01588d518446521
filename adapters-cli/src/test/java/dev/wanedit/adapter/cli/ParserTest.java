package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.PaletteColor;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parser-only tests: every option of every command lands where it should. */
class ParserTest {

    private final Cli cli = new Cli();

    private <T> T parse(Class<T> type, String... args) {
        ParseResult result = cli.commandLine().parseArgs(args);
        ParseResult sub = result.subcommand();
        while (sub.subcommand() != null) {
            sub = sub.subcommand();
        }
        return type.cast(sub.commandSpec().userObject());
    }

    @Test
    void editTakesEveryOption() {
        EditImageCommand c = parse(EditImageCommand.class, "edit", "-m", "wan2.7-image", "-i", "a.jpg", "--image", "https://x.test/b.png",
                "--mask", "m.png", "--function", "description_edit", "--param", "strength=0.7", "--param", "upscale_factor=2",
                "-p", "Swap the cups", "--negative", "blur", "-n", "3", "--size", "2K", "--seed", "42", "--watermark",
                "--no-prompt-extend", "--bbox", "10,10,200,200;300,40,420,160", "--bbox", "", "--palette", "#C2D1E6:60,#f5f0e6:40",
                "--thinking-mode", "--sequential", "--sync", "--detach", "--strict", "--force", "--timeout", "90s",
                "--cancel-on-interrupt");

        EditRequestDraft ec = c.edit.draft(Region.SINGAPORE, c.spec);
        assertThat(ec.modelId()).isEqualTo("wan2.7-image");
        assertThat(ec.region()).isEqualTo(Region.SINGAPORE);
        assertThat(ec.imageReferences()).containsExactly("a.jpg", "https://x.test/b.png");
        assertThat(ec.maskReference()).contains("m.png");
        assertThat(ec.function()).isEqualTo("description_edit");
        assertThat(ec.params()).containsExactlyInAnyOrderEntriesOf(Map.of("strength", "0.7", "upscale_factor", "2"));
        assertThat(ec.prompt()).isEqualTo("Swap the cups");
        assertThat(ec.negativePrompt()).isEqualTo("blur");
        assertThat(ec.n()).isEqualTo(3);
        assertThat(ec.size()).isEqualTo("2K");
        assertThat(ec.seed()).isEqualTo(42L);
        assertThat(ec.watermark()).isTrue();
        assertThat(ec.promptExtend()).isFalse();
        assertThat(ec.boxes()).containsExactly(
                List.of(new BoundingBox(10, 10, 200, 200), new BoundingBox(300, 40, 420, 160)), List.of());
        assertThat(ec.palette()).containsExactly(new PaletteColor("#C2D1E6", new BigDecimal("60")),
                new PaletteColor("#F5F0E6", new BigDecimal("40")));
        assertThat(ec.thinkingMode()).isTrue();
        assertThat(ec.sequential()).isTrue();
        assertThat(ec.strict()).isTrue();
        assertThat(c.edit.run.sync).isTrue();
        assertThat(c.edit.run.detach).isTrue();
        assertThat(c.edit.run.force).isTrue();
        assertThat(c.edit.run.timeout).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.edit.run.cancelOnInterrupt).isTrue();
    }

    @Test
    void editFlagsNotGivenAreNotSent() {
        EditImageCommand c = parse(EditImageCommand.class, "edit", "-m", "wan2.5-i2i-preview", "-i", "a.jpg", "-p", "x");

        EditRequestDraft ec = c.edit.draft(Region.BEIJING, c.spec);
        assertThat(ec.n()).as("n defaults to 1, not the service's 4").isEqualTo(1);
        assertThat(ec.watermark()).isNull();
        assertThat(ec.promptExtend()).isNull();
        assertThat(ec.sequential()).isNull();
        assertThat(ec.thinkingMode()).isNull();
        assertThat(ec.seed()).isNull();
        assertThat(ec.size()).isNull();
        assertThat(ec.boxes()).isEmpty();
        assertThat(ec.strict()).isFalse();
        assertThat(c.edit.run.timeout).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.edit.run.detach).isFalse();
    }

    @Test
    void generateAndValidateShareTheOptions() {
        GenerateImageCommand g = parse(GenerateImageCommand.class, "generate", "-p", "A lighthouse", "--sequential", "-n", "4");
        assertThat(g.request.prompt).isEqualTo("A lighthouse");
        assertThat(g.request.sequential).isTrue();
        assertThat(g.request.n).isEqualTo(4);

        ValidateCommand v = parse(ValidateCommand.class, "validate", "-m", "wan2.5-i2i-preview", "-i", "a.jpg", "-p", "x", "--sync",
                "--detach");
        assertThat(v.edit.images.images).containsExactly("a.jpg");
        assertThat(v.edit.run.sync).isTrue();
    }

    @Test
    void generateHasNoImageOptions() {
        assertThatThrownBy(() -> cli.commandLine().parseArgs("generate", "-p", "x", "-i", "a.jpg"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void globalOptionsAreAcceptedBeforeAndAfterTheSubcommand() {
        JobsCommand before = parse(JobsCommand.class, "--json", "--region", "singapore", "--endpoint", "http://127.0.0.1:8089",
                "-o", "out", "--verbose", "--config", "w.conf", "--emulator", "jobs");
        GlobalOptions g = before.globals();
        assertThat(g.json()).isTrue();
        assertThat(g.region()).contains(Region.SINGAPORE);
        assertThat(g.endpoint()).contains("http://127.0.0.1:8089");
        assertThat(g.out()).contains(Path.of("out"));
        assertThat(g.verbose()).isTrue();
        assertThat(g.config()).contains(Path.of("w.conf"));
        assertThat(g.emulator()).isTrue();
        assertThat(g.quiet()).isFalse();

        JobsCommand after = parse(JobsCommand.class, "--region", "beijing", "jobs", "--quiet", "--region", "singapore",
                "--out", "elsewhere");
        assertThat(after.globals().quiet()).isTrue();
        assertThat(after.globals().region()).as("the value after the subcommand wins").contains(Region.SINGAPORE);
        assertThat(after.globals().out()).contains(Path.of("elsewhere"));
    }

    @Test
    void regionAcceptsCloudIdsAndRejectsOthers() {
        assertThat(parse(ModelsCommand.class, "models", "--region", "ap-southeast-1").globals().region()).contains(Region.SINGAPORE);
        assertThatThrownBy(() -> cli.commandLine().parseArgs("models", "--region", "mars"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not one of beijing, singapore");
    }

    @Test
    void preParseReadsOnlyTheGlobalOptionsWhereverTheyAre() {
        GlobalOptions g = GlobalOptions.preParse("edit", "-m", "wan2.5-i2i-preview", "--region", "singapore", "-i", "a.jpg",
                "--endpoint=http://127.0.0.1:9000", "-p", "Put the clock --here", "--emulator", "--verbose", "-o", "out",
                "--config", "c.properties", "--unknown-flag", "-n", "2");

        assertThat(g.region()).contains(Region.SINGAPORE);
        assertThat(g.endpoint()).contains("http://127.0.0.1:9000");
        assertThat(g.emulator()).isTrue();
        assertThat(g.verbose()).isTrue();
        assertThat(g.out()).contains(Path.of("out"));
        assertThat(g.config()).contains(Path.of("c.properties"));
        assertThat(g.json()).isFalse();
    }

    @Test
    void provider_isAGlobalOption_readBeforeWiring_andTheValueAfterTheSubcommandWins() {
        assertThat(GlobalOptions.preParse("edit", "-p", "x", "--provider", "local", "-i", "a.png").provider()).contains("local");
        assertThat(GlobalOptions.preParse("--provider=local", "jobs").provider()).contains("local");
        JobsCommand after = parse(JobsCommand.class, "--provider", "dashscope", "jobs", "--provider", "local");
        assertThat(after.globals().provider()).contains("local");
        assertThat(GlobalOptions.preParse("jobs").provider()).isEmpty();
    }

    @Test
    void preParseOfNothingGivesDefaults() {
        GlobalOptions g = GlobalOptions.preParse();
        assertThat(g.region()).isEmpty();
        assertThat(g.endpoint()).isEmpty();
        assertThat(g.emulator()).isFalse();
        assertThatThrownBy(() -> GlobalOptions.preParse("--region", "mars")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void jobIdsAreCheckedByTheParser() {
        StatusCommand s = parse(StatusCommand.class, "status", "20261121-101530-123-k3f9q2", "--refresh");
        assertThat(s.job.value()).isEqualTo("20261121-101530-123-k3f9q2");
        assertThat(s.refresh).isTrue();
        assertThatThrownBy(() -> cli.commandLine().parseArgs("status", "job-1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("wanedit jobs");
        assertThatThrownBy(() -> cli.commandLine().parseArgs("status")).isInstanceOf(CommandLine.MissingParameterException.class);
    }

    @Test
    void waitCancelAndResumeOptions() {
        WaitCommand w = parse(WaitCommand.class, "wait", "20261121-101530-123-k3f9q2", "--timeout", "5m", "--cancel-on-interrupt");
        assertThat(w.timeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(w.cancelOnInterrupt).isTrue();
        CancelCommand c = parse(CancelCommand.class, "cancel", "20261121-101530-123-k3f9q2");
        assertThat(c.job.value()).isEqualTo("20261121-101530-123-k3f9q2");
        ResumeCommand r = parse(ResumeCommand.class, "resume", "--timeout", "PT2H");
        assertThat(r.timeout).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void jobsFilters() {
        JobsCommand j = parse(JobsCommand.class, "jobs", "--state", "running,PENDING", "--state", "Failed", "--since", "2h",
                "--limit", "5");
        assertThat(j.states).containsExactly(JobState.RUNNING, JobState.PENDING, JobState.FAILED);
        assertThat(j.since.resolve(Instant.parse("2026-11-21T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(j.limit).isEqualTo(5);
        assertThatThrownBy(() -> cli.commandLine().parseArgs("jobs", "--state", "done"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void emulatorOptions() {
        EmulatorCommand e = parse(EmulatorCommand.class, "emulator", "--port", "9000", "--time-scale", "0.05", "--key-beijing", "kb",
                "--key-singapore", "ks", "--no-limits");
        assertThat(e.port).isEqualTo(9000);
        assertThat(e.timeScale).isEqualTo(0.05);
        assertThat(e.keyBeijing).isEqualTo("kb");
        assertThat(e.keySingapore).isEqualTo("ks");
        assertThat(e.noLimits).isTrue();
        EmulatorCommand d = parse(EmulatorCommand.class, "emulator");
        assertThat(d.port).isEqualTo(8089);
        assertThat(d.timeScale).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource({"90s,PT1M30S", "10m,PT10M", "1h30m,PT1H30M", "2d,PT48H", "1w,PT168H", "500ms,PT0.5S", "PT10M,PT10M", "pt1h,PT1H"})
    void durations(String text, String expected) {
        assertThat(Converters.parseDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "ten minutes", "5y", "-5m", "P"})
    void badDurations(String text) {
        assertThatThrownBy(() -> Converters.parseDuration(text)).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @ParameterizedTest
    @CsvSource({"2h,2026-11-21T10:00:00Z", "1d,2026-11-20T12:00:00Z", "30m,2026-11-21T11:30:00Z",
        "2026-11-20,2026-11-20T00:00:00Z", "2026-11-20T10:00:00Z,2026-11-20T10:00:00Z",
        "2026-11-20T18:00:00+08:00,2026-11-20T10:00:00Z"})
    void since(String text, String expected) {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        assertThat(new Converters.SinceConverter().convert(text).resolve(now)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-13-01", "2h ago"})
    void badSince(String text) {
        assertThatThrownBy(() -> new Converters.SinceConverter().convert(text)).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void boxesPerImage() {
        Converters.BoxesConverter c = new Converters.BoxesConverter();
        assertThat(c.convert("")).isEmpty();
        assertThat(c.convert("1,2,3,4")).containsExactly(new BoundingBox(1, 2, 3, 4));
        assertThat(c.convert("1,2,3,4; 5,6,70,80")).containsExactly(new BoundingBox(1, 2, 3, 4), new BoundingBox(5, 6, 70, 80));
        assertThatThrownBy(() -> c.convert("1,2,3")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("x1,y1,x2,y2");
        assertThatThrownBy(() -> c.convert("5,5,1,1")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void badPaletteIsAUsageError() {
        assertThatThrownBy(() -> cli.commandLine().parseArgs("generate", "-p", "x", "--palette", "red:50"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("#RRGGBB");
    }
}
