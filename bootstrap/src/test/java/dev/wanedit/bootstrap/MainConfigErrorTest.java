package dev.wanedit.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration error found before any command runs is reported like every other error. */
class MainConfigErrorTest {

    @TempDir
    Path home;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, Map.of("WANEDIT_HOME", home.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingConfigFile_withJson_isOneJsonErrorDocument() throws Exception {
        Run r = run("--config", home.resolve("nope.properties").toString(), "--json", "models");

        assertThat(r.exit()).isEqualTo(2);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("error").path("code").asText()).isEqualTo("config");
        assertThat(doc.path("error").path("message").asText()).contains("nope.properties");
        assertThat(doc.path("error").path("exit_code").asInt()).isEqualTo(2);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void missingConfigFile_withoutJson_isOneLineOnStderr() {
        Run r = run("--config", home.resolve("nope.properties").toString(), "models");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("wanedit: ").contains("nope.properties").doesNotContain("\n");
    }
}
