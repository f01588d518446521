package dev.wanedit.sample;

// snippet-start (README.md "Embedding" shows this part of the file; ReadmeSnippetTest keeps the two the same)
import dev.wanedit.bootstrap.client.Wanedit;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.request.EditRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The README's embedding example: configure once, edit, and close. */
public final class QuickStart {

    /** How a service configures wanedit once, at start-up. */
    public static Wanedit.Builder configure(Path home) {
        return Wanedit.builder()
                .region(Region.BEIJING)
                .apiKey(() -> System.getenv("DASHSCOPE_API_KEY")) // asked on every call, never shown or logged
                .journal(home.resolve("journal.db"))              // every task id is here before submit returns
                .resultStore(home.resolve("results"));            // <job-id>/<n>.png, each with a JSON sidecar
    }

    /** Edits one image and returns where the results were stored. */
    public static List<String> edit(Wanedit.Builder settings, Path image, String prompt) throws InterruptedException {
        try (Wanedit wanedit = settings.build()) {                // close() stops every thread and connection
            EditRequest request = wanedit.prepare(wanedit.command("wan2.5-i2i-preview")
                    .image(image.toString())                      // a path, an https URL, a data: URI or oss://
                    .prompt(prompt));                             // every documented rule checked before paying
            EditJob job = wanedit.edit(request, Duration.ofMinutes(5)); // submit, wait, download, store
            return job.results().stream().flatMap(r -> r.storedAt().stream()).toList();
        }
    }
}
// snippet-end
