package dev.wanedit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example is the compiled {@code QuickStart.java}: the java block after the
 * README's {@code <!-- snippet: samples/.../QuickStart.java -->} marker must be exactly the lines
 * between {@code // snippet-start} and {@code // snippet-end} of that file, so the README cannot
 * show code that does not compile.
 */
@DisplayName("README: the embedding example is the sample module's QuickStart, line for line")
class ReadmeSnippetTest {

    private static final Path ROOT = Path.of(System.getProperty("wanedit.root", ".."));
    private static final String SOURCE = "samples/src/main/java/dev/wanedit/sample/QuickStart.java";

    @Test
    @DisplayName("the README's java block equals QuickStart.java between its snippet markers")
    void readmeShowsTheCompiledExample() throws IOException {
        List<String> source = Files.readAllLines(ROOT.resolve(SOURCE));
        int start = indexOfPrefix(source, "// snippet-start", 0);
        int end = indexOfPrefix(source, "// snippet-end", start);
        List<String> expected = source.subList(start + 1, end);

        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        int marker = readme.indexOf("<!-- snippet: " + SOURCE + " -->");
        assertThat(marker).as("README.md has the marker <!-- snippet: %s -->", SOURCE).isNotNegative();
        assertThat(readme.get(marker + 1)).isEqualTo("```java");
        int close = readme.subList(marker + 2, readme.size()).indexOf("```") + marker + 2;
        List<String> shown = readme.subList(marker + 2, close);

        assertThat(shown).as("README.md's example (update it from %s)", SOURCE).containsExactlyElementsOf(expected);
    }

    private static int indexOfPrefix(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(SOURCE + " has no line starting with " + prefix);
    }
}
