package dev.wanedit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repository README's section "Testing your own code against the emulator" cannot drift from
 * the rule grammar: every rule of its table (each variant of a row), every {@code --fault} of its
 * command-line example, every rule posted by its curl examples and added by its JUnit example
 * parses with {@link FaultRules}; and the table names every action the grammar has.
 */
class ReadmeExamplesTest {
    /** The repository README, seen from the module directory (Maven runs tests there). */
    static final Path README = Path.of("..", "README.md");
    private static final String SECTION = "## Testing your own code against the emulator";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ONE_PAIR = Pattern.compile("[a-z][a-z-]*=\\S+");
    private static final Pattern FAULT_FLAG = Pattern.compile("--fault \"([^\"]*)\"");
    private static final Pattern CURL_FAULT = Pattern.compile("curl (.*)-d '([^']*)' \\$E/faults");
    private static final Pattern JAVA_ADD = Pattern.compile("faults\\(\\)\\.add\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");

    /** One variant of one row of the README table: the family (first column) and a whole rule. */
    record Example(String family, String rule) {
        @Override
        public String toString() {
            return family + ": " + rule;
        }
    }

    static String section() {
        String text;
        try {
            text = Files.readString(README, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the repository README at " + README.toAbsolutePath(), e);
        }
        int from = text.indexOf(SECTION);
        assertThat(from).as("README.md has the section '%s'", SECTION).isNotNegative();
        int to = text.indexOf("\n## ", from + SECTION.length());
        return text.substring(from, to < 0 ? text.length() : to);
    }

    /**
     * The rules of the README table, row by row. In the Rule column, a code span starting with
     * {@code on=} is a whole rule (and the base of the row's variants); one starting with {@code ...}
     * or holding a single {@code key=value} is a variant of the row's last whole rule with those keys
     * set; any other code span is prose.
     */
    static List<Example> tableRules() {
        List<Example> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : section().split("\n")) {
            if (line.startsWith("| Family | Rule |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (!out.isEmpty()) {
                    break;
                }
                continue;
            }
            String[] cells = line.split("\\s\\|\\s");
            assertThat(cells).as("a table row has two columns: %s", line).hasSize(2);
            String family = cells[0].substring(1).trim();
            String base = null;
            int before = out.size();
            Matcher m = CODE.matcher(cells[1]);
            while (m.find()) {
                String code = m.group(1).trim();
                if (code.startsWith("on=")) {
                    base = code;
                    out.add(new Example(family, code));
                } else if (code.startsWith("... ") || ONE_PAIR.matcher(code).matches()) {
                    assertThat(base).as("a variant '%s' of row '%s' comes after a whole rule", code, family).isNotNull();
                    out.add(new Example(family, withKeys(base, code.startsWith("... ") ? code.substring(4) : code)));
                }
            }
            assertThat(out.size()).as("row '%s' has at least one rule", family).isGreaterThan(before);
        }
        assertThat(out).as("the README table of rules").isNotEmpty();
        return out;
    }

    /** {@code base} with the keys of {@code overrides} set (added at the end, or replaced in place). */
    static String withKeys(String base, String overrides) {
        Map<String, String> keys = keys(base);
        keys.putAll(keys(overrides));
        return keys.entrySet().stream().map(e -> e.getKey() + "=" + FaultRules.quote(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /** A rule's keys in order, as the grammar reads them. */
    static Map<String, String> keys(String rule) {
        List<FaultRules.Problem> problems = new ArrayList<>();
        Map<String, String> keys = FaultRules.tokenize(rule, 1, problems);
        assertThat(problems).as("rule '%s' splits into key=value pairs", rule).isEmpty();
        return new LinkedHashMap<>(keys);
    }

    /** The rule as a JSON object of the control API: numbers for counts and statuses, an array of image indices. */
    static String asJson(String rule) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Wire.JSON.createObjectNode();
        keys(rule).forEach((k, v) -> {
            if (Set.of("times", "status", "queries").contains(k) && v.matches("\\d+")) {
                o.put(k, Integer.parseInt(v));
            } else if (k.equals("images")) {
                com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray(k);
                for (String i : v.split(",")) {
                    a.add(Integer.parseInt(i.trim()));
                }
            } else {
                o.put(k, v);
            }
        });
        return o.toString();
    }

    static List<Example> tableRulesForParams() {
        return tableRules();
    }

    // ------------------------------------------------------------------ the table

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableRulesForParams")
    void every_rule_of_the_table_parses_as_text_and_as_json(Example e) {
        assertThatCode(() -> FaultRules.check(List.of(e.rule()))).as(e.toString()).doesNotThrowAnyException();
        List<FaultRules.Draft> fromText = FaultRules.parseAll(List.of(e.rule()));
        List<FaultRules.Draft> fromJson = FaultRules.parseJson(Wire.json(asJson(e.rule())));

        assertThat(fromText).hasSize(1);
        assertThat(fromJson.toString()).as("the JSON form %s means the same rule", asJson(e.rule())).isEqualTo(fromText.toString());
    }

    @Test
    void the_table_covers_every_action_of_the_grammar_and_both_sides_of_when() {
        Set<String> actions = new LinkedHashSet<>();
        Set<String> afterActions = new LinkedHashSet<>();
        for (Example e : tableRules()) {
            Map<String, String> k = keys(e.rule());
            actions.add(k.get("do"));
            if ("after".equals(k.get("when"))) {
                afterActions.add(k.get("do"));
            }
        }

        assertThat(actions).as("every do= of FaultRules is in the README table").containsAll(FaultRules.ACTIONS);
        assertThat(afterActions).as("when=after shown for the answer-losing actions")
                .contains("error", "gateway", "reset", "stall", "truncate", "garble");
    }

    @Test
    void the_rows_with_two_variants_are_read_as_two_rules() {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        tableRules().forEach(e -> byFamily.computeIfAbsent(e.family(), f -> new ArrayList<>()).add(e.rule()));

        assertThat(byFamily.get("gateway page (HTML)")).containsExactly("on=create times=1 do=gateway status=502",
                "on=create times=1 do=gateway status=504 when=after");
        assertThat(byFamily.get("connection reset")).containsExactly("on=create times=1 do=reset",
                "on=create times=1 do=reset when=after");
        assertThat(byFamily.get("500 / 503")).hasSize(2);
        assertThat(byFamily.get("upload policy / upload failures")).hasSize(2);
        assertThat(byFamily.get("truncated body")).contains("on=create times=1 do=truncate when=after cut=120",
                "on=create times=1 do=truncate when=after length=full");
        assertThat(byFamily).hasSizeGreaterThanOrEqualTo(16);
    }

    // ------------------------------------------------------------------ the other examples

    @Test
    void every_fault_flag_of_the_command_line_example_parses() {
        List<String> flags = new ArrayList<>();
        Matcher m = FAULT_FLAG.matcher(section());
        while (m.find()) {
            flags.add(m.group(1));
        }

        assertThat(flags).as("--fault examples in the README").hasSizeGreaterThanOrEqualTo(3);
        assertThatCode(() -> FaultRules.check(flags)).doesNotThrowAnyException();
        DashScopeEmulator emu = EmulatorMain.start(flagsFor(flags), new java.io.PrintStream(
                new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(emu.faults().rules()).hasSize(flags.size());
        } finally {
            emu.close();
        }
    }

    private static String[] flagsFor(List<String> rules) {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        rules.forEach(r -> {
            args.add("--fault");
            args.add(r);
        });
        return args.toArray(new String[0]);
    }

    @Test
    void the_curl_examples_post_rules_that_parse_as_text_and_as_json() {
        List<String> text = new ArrayList<>();
        List<JsonNode> json = new ArrayList<>();
        Matcher m = CURL_FAULT.matcher(section());
        while (m.find()) {
            String body = m.group(2);
            if (body.startsWith("{") || body.startsWith("[")) {
                assertThat(m.group(1)).as("a JSON example says so").contains("Content-Type: application/json");
                json.add(Wire.json(body));
            } else {
                text.add(body);
            }
        }

        assertThat(text).as("curl text rules").isNotEmpty();
        assertThat(json).as("curl JSON rules").isNotEmpty();
        assertThat(FaultRules.parseAll(text)).hasSize(text.size());
        json.forEach(j -> assertThat(FaultRules.parseJson(j)).as(j.toString()).hasSize(1));
    }

    @Test
    void the_junit_example_adds_a_rule_that_parses() {
        List<String> rules = new ArrayList<>();
        Matcher m = JAVA_ADD.matcher(section());
        while (m.find()) {
            rules.add(m.group(1).replace("\\\"", "\""));
        }

        assertThat(rules).isNotEmpty();
        assertThatCode(() -> FaultRules.check(rules)).doesNotThrowAnyException();
    }

    @Test
    void a_bad_rule_is_reported_with_every_problem_named_as_the_readme_says() {
        assertThat(section().replaceAll("\\s+", " ")).contains("A bad rule is refused with every problem named");

        FaultRules.InvalidRules e = catchThrowableOfType(FaultRules.InvalidRules.class, () -> FaultRules.check(List.of(
                "on=creat times=0 do=fail-images images=x when=later", "on=download do=error status=200 colour=red")));

        assertThat(e.problems()).extracting(FaultRules.Problem::rule, FaultRules.Problem::key).contains(
                org.assertj.core.groups.Tuple.tuple(1, "on"), org.assertj.core.groups.Tuple.tuple(1, "times"),
                org.assertj.core.groups.Tuple.tuple(1, "images"), org.assertj.core.groups.Tuple.tuple(1, "when"),
                org.assertj.core.groups.Tuple.tuple(2, "colour"), org.assertj.core.groups.Tuple.tuple(2, "status"));
        assertThat(e.getMessage()).contains("unknown endpoint 'creat' (allowed: create,")
                .contains("'0' is not a whole number >= 1 or 'always'").contains("'x' is not an image index (0 to 11)")
                .contains("'later' is not allowed (before or after)").contains("colour: unknown key (keys: on,")
                .contains("'200' is not an error status (400 to 599)");
    }
}
