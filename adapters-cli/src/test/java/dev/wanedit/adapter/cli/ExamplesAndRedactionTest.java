package dev.wanedit.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.adapter.cli.render.Table;
import dev.wanedit.application.policy.Redaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExamplesAndRedactionTest {

    private final Cli cli = new Cli();

    @Test
    @DisplayName("every example in every --help footer parses (copy-pasting an example never gives a usage error)")
    void examplesParse() {
        List<String> examples = new ArrayList<>();
        collect(cli.commandLine(), examples);
        assertThat(examples).hasSizeGreaterThan(20);
        CommandLine fresh = new Cli().commandLine();
        for (String example : examples) {
            List<String> words = shellWords(example);
            assertThat(words.get(0)).isEqualTo("wanedit");
            try {
                fresh.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("example does not parse: " + example + "\n" + e.getMessage(), e);
            }
        }
    }

    private static void collect(CommandLine cl, List<String> examples) {
        String[] footer = cl.getCommandSpec().usageMessage().footer();
        StringBuilder current = null;
        for (String line : footer) {
            String t = line.trim();
            if (current != null) {
                current.append(' ').append(t.endsWith("\\") ? t.substring(0, t.length() - 1) : t);
                if (!t.endsWith("\\")) {
                    examples.add(current.toString());
                    current = null;
                }
            } else if (t.startsWith("wanedit ")) {
                if (t.endsWith("\\")) {
                    current = new StringBuilder(t.substring(0, t.length() - 1));
                } else {
                    examples.add(t);
                }
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("generate-completion")) {
                collect(sub, examples);
            }
        });
    }

    /** Splits like a POSIX shell for the simple cases in the examples: blanks, and double quotes. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                if (w == null) {
                    w = new StringBuilder();
                }
            } else if (Character.isWhitespace(c) && !quoted) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
            } else {
                if (w == null) {
                    w = new StringBuilder();
                }
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }

    @Test
    @DisplayName("redaction masks keys and bearer tokens but leaves task ids, paths and masked values alone")
    void redaction() {
        assertThat(Redaction.redact("Invalid API-key provided: sk-abc123def456")).isEqualTo("Invalid API-key provided: sk-****");
        assertThat(Redaction.redact("Authorization: Bearer sk-abc123def456")).isEqualTo("Authorization: Bearer ****");
        assertThat(Redaction.redact("Authorization: Bearer eyJhbGciOi.x-y_z")).isEqualTo("Authorization: Bearer ****");
        assertThat(Redaction.redact("Bearer ****")).isEqualTo("Bearer ****");
        assertThat(Redaction.redact("task-0385dc79-5ff8-4d82-bcb6-ab3d3c0a3da4")).isEqualTo("task-0385dc79-5ff8-4d82-bcb6-ab3d3c0a3da4");
        assertThat(Redaction.redact("/home/desk-photos/risk-2026.png")).isEqualTo("/home/desk-photos/risk-2026.png");
        assertThat(Redaction.header("Authorization", "Bearer abc")).isEqualTo("Bearer ****");
        assertThat(Redaction.header("X-Api-Key", "abc")).isEqualTo("****");
        assertThat(Redaction.header("Content-Type", "application/json")).isEqualTo("application/json");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    @DisplayName("tables align every column to its widest cell")
    void table() {
        java.io.StringWriter s = new java.io.StringWriter();
        new Table("A", "LONG HEADING", "C").row("wide cell", "x", null).row("y", "z", "3").print(new java.io.PrintWriter(s, true), "");
        assertThat(s.toString().lines()).containsExactly(
                "A          LONG HEADING  C",
                "wide cell  x             -",
                "y          z             3");
    }
}
