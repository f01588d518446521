package dev.wanedit.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.domain.job.RemoteResult;
import dev.wanedit.domain.job.RemoteStatus;
import dev.wanedit.domain.job.RemoteTaskRef;
import dev.wanedit.domain.job.TaskSnapshot;
import dev.wanedit.domain.request.Dimensions;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The contract of a provider: {@link ImageEditingService} and the {@link ResultDownloader} that
 * fetches its results, as the application relies on them. Every provider runs it (Sven's
 * {@code AbstractCartRepositoryTest} pattern): a subclass supplies the provider, inputs it can
 * read, and a way to move its time on. Tasks must stay PENDING for a while after create (so
 * that cancel can be tested) and end within {@link #taskTime()}.
 */
public abstract class ImageEditingContract {

    /** The provider under test (the same instance for the whole test). */
    protected abstract ImageEditingService editing();

    /** The downloader of its results. */
    protected abstract ResultDownloader downloader();

    /** An input image of the given size that the provider can read. */
    protected abstract ImageInput image(int width, int height);

    /** Moves the provider's time on (its clock; never a real sleep). */
    protected abstract void advance(Duration d);

    /** The provider's time now. */
    protected abstract Instant now();

    /** Long enough for a task to go from created to ended. */
    protected abstract Duration taskTime();

    /** How many tasks the provider has been asked to create so far (to prove that a preview creates none). */
    protected abstract int tasksCreated();

    /** A task id in the provider's own format that it never made. */
    protected abstract String unknownTaskId();

    // ---------------------------------------------------------------- helpers

    protected EditRequest blackAndWhite(int n) {
        return EditRequest.draft("wanx2.1-imageedit").localUrlsAllowed(true).function("description_edit")
                .prompt("make it black and white").image(image(640, 512)).n(n).build();
    }

    protected Submission create(EditRequest request) {
        ImageEditingService e = editing();
        return e.create(e.prepare(request, SubmitMode.ASYNC, e.endpoint()));
    }

    /** Fetches, moving time on between queries, until the task ends. */
    protected TaskSnapshot untilEnded(RemoteTaskRef task) {
        Duration step = taskTime().dividedBy(4);
        for (int i = 0; i < 40; i++) {
            TaskSnapshot s = editing().fetch(task);
            if (s.status() != RemoteStatus.PENDING && s.status() != RemoteStatus.RUNNING) {
                return s;
            }
            advance(step);
        }
        throw new AssertionError("task " + task.taskId() + " did not end within " + taskTime().multipliedBy(10));
    }

    protected BufferedImage downloadImage(URI url) {
        return downloader().download(url, (body, type, length) -> {
            BufferedImage img = ImageIO.read(body);
            if (img == null) {
                throw new IOException("not a decodable image: " + url);
            }
            return img;
        });
    }

    private static byte[] downloadBytes(ResultDownloader d, URI url) {
        return d.download(url, (body, type, length) -> body.readAllBytes());
    }

    // ---------------------------------------------------------------- the contract

    @Test
    void create_thenFetchUntilSucceeded_givesAPngOfTheExpectedSize() {
        EditRequest request = blackAndWhite(1);
        Submission s = create(request);
        assertThat(s.status()).isIn(RemoteStatus.PENDING, RemoteStatus.RUNNING);
        assertThat(s.finalSnapshot()).isEmpty();
        assertThat(s.task().region()).isEqualTo(request.region());
        assertThat(s.task().endpoint()).isEqualTo(editing().endpoint());

        TaskSnapshot done = untilEnded(s.task());

        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(done.taskId()).isEqualTo(s.task().taskId());
        assertThat(done.results()).hasSize(1);
        RemoteResult r = done.results().get(0);
        assertThat(r.succeeded()).isTrue();
        BufferedImage img = downloadImage(r.url().orElseThrow());
        Dimensions expected = request.expectedOutput().dimensions().orElseThrow();
        assertThat(new Dimensions(img.getWidth(), img.getHeight())).isEqualTo(expected);
        byte[] bytes = downloadBytes(downloader(), r.url().orElseThrow());
        assertThat(java.util.Arrays.copyOf(bytes, 4)).containsExactly(0x89, 'P', 'N', 'G');
    }

    @Test
    void aTaskAskingForN_endsWithNResults_eachDownloadable() {
        EditRequest request = blackAndWhite(3);
        Submission s = create(request);

        TaskSnapshot done = untilEnded(s.task());

        assertThat(done.status()).isEqualTo(RemoteStatus.SUCCEEDED);
        assertThat(done.results()).hasSize(3).allMatch(RemoteResult::succeeded);
        assertThat(done.results()).extracting(RemoteResult::index).containsExactlyInAnyOrder(0, 1, 2);
        Set<URI> urls = new HashSet<>();
        for (RemoteResult r : done.results()) {
            urls.add(r.url().orElseThrow());
            BufferedImage img = downloadImage(r.url().orElseThrow());
            assertThat(img.getWidth()).isEqualTo(640);
            assertThat(img.getHeight()).isEqualTo(512);
        }
        assertThat(urls).hasSize(3);
        assertThat(done.echo().imagesRequested().orElse(3)).isEqualTo(3);
    }

    @Test
    void cancel_ofAPendingTask_endsItCanceled() {
        Submission s = create(blackAndWhite(1));
        assertThat(editing().fetch(s.task()).status()).isEqualTo(RemoteStatus.PENDING);

        editing().cancel(s.task());

        TaskSnapshot after = editing().fetch(s.task());
        assertThat(after.status()).isEqualTo(RemoteStatus.CANCELED);
        advance(taskTime());
        TaskSnapshot later = editing().fetch(s.task());
        assertThat(later.status()).isEqualTo(RemoteStatus.CANCELED);
        assertThat(later.results()).noneMatch(RemoteResult::succeeded);
    }

    @Test
    void cancel_ofAFinishedTask_isRejected() {
        Submission s = create(blackAndWhite(1));
        assertThat(untilEnded(s.task()).status()).isEqualTo(RemoteStatus.SUCCEEDED);

        assertThatThrownBy(() -> editing().cancel(s.task())).isInstanceOf(RemoteServiceException.Rejected.class);
        assertThat(editing().fetch(s.task()).status()).isEqualTo(RemoteStatus.SUCCEEDED);
    }

    @Test
    void cancel_ofATaskThatDoesNotExist_isRejected() {
        RemoteTaskRef nobody = new RemoteTaskRef(unknownTaskId(), dev.wanedit.domain.catalog.Region.BEIJING, editing().endpoint());
        assertThatThrownBy(() -> editing().cancel(nobody)).isInstanceOf(RemoteServiceException.Rejected.class);
    }

    @Test
    void fetch_ofATaskThatDoesNotExist_answersUnknown_notAnError() {
        String id = unknownTaskId();
        TaskSnapshot s = editing().fetch(new RemoteTaskRef(id, dev.wanedit.domain.catalog.Region.BEIJING, editing().endpoint()));
        assertThat(s.status()).isEqualTo(RemoteStatus.UNKNOWN);
        assertThat(s.results()).isEmpty();
    }

    @Test
    void theTaskList_findsACreatedTask_withinItsWindow_andNotOutsideIt() {
        EditRequest request = blackAndWhite(2);
        Instant before = now();
        Submission s = create(request);
        String model = request.model().id();
        TaskSearch around = new TaskSearch(request.region(), editing().endpoint(), model, before.minusSeconds(60),
                before.plusSeconds(60));

        List<RemoteTaskSummary> listed = listAll(around);

        assertThat(listed).filteredOn(t -> t.taskId().equals(s.task().taskId())).singleElement().satisfies(t -> {
            assertThat(t.model()).isIn(model, "");
            assertThat(t.status()).isIn(RemoteStatus.PENDING, RemoteStatus.RUNNING);
        });
        TaskSearch later = new TaskSearch(request.region(), editing().endpoint(), model, before.plusSeconds(3600),
                before.plusSeconds(7200));
        assertThat(listAll(later)).noneMatch(t -> t.taskId().equals(s.task().taskId()));
        TaskSearch otherModel = new TaskSearch(request.region(), editing().endpoint(), "wan2.5-i2i-preview",
                before.minusSeconds(60), before.plusSeconds(60));
        assertThat(listAll(otherModel)).noneMatch(t -> t.taskId().equals(s.task().taskId()));
        // and what the answer of a listed task repeats (the reconciler compares it) is the request's
        advance(taskTime());
        TaskSnapshot answer = untilEnded(s.task());
        answer.echo().prompt().ifPresent(p -> assertThat(p).isEqualTo(request.prompt()));
        assertThat(answer.echo().imagesRequested().orElse(2)).isEqualTo(2);
    }

    @Test
    void theTaskList_spansAtMostItsWindow() {
        Instant t = now();
        TaskSearch tooLong = new TaskSearch(dev.wanedit.domain.catalog.Region.BEIJING, editing().endpoint(), "wanx2.1-imageedit", t,
                t.plus(TaskSearch.MAX_WINDOW).plusSeconds(1));
        assertThatThrownBy(() -> editing().listTaskPage(tooLong, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void preview_createsNothing_andShowsTheRequest() {
        int before = tasksCreated();
        EditRequest request = blackAndWhite(1);

        RequestPreview p = editing().preview(request, SubmitMode.ASYNC);

        assertThat(p.method()).isNotBlank();
        assertThat(p.url()).isNotBlank();
        assertThat(p.body()).contains(request.prompt()).contains("description_edit");
        assertThat(tasksCreated()).isEqualTo(before);
        // preparing is not billable either
        editing().prepare(request, SubmitMode.ASYNC, editing().endpoint());
        assertThat(tasksCreated()).isEqualTo(before);
    }

    @Test
    void theDownloader_refusesUrlsThatAreNotResults_withoutFetchingThem() {
        for (String url : List.of("file:///etc/passwd", "https://example.invalid/result.png", "ftp://127.0.0.1/x.png")) {
            assertThatThrownBy(() -> downloadBytes(downloader(), URI.create(url)))
                    .as(url).isInstanceOf(RemoteServiceException.Rejected.class);
        }
    }

    private List<RemoteTaskSummary> listAll(TaskSearch search) {
        List<RemoteTaskSummary> all = new ArrayList<>();
        for (int page = 1; page <= 50; page++) {
            TaskPage p = editing().listTaskPage(search, page);
            all.addAll(p.tasks());
            if (!p.hasNext()) {
                break;
            }
        }
        return all;
    }
}
