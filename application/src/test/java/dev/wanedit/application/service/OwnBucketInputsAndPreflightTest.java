package dev.wanedit.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.application.port.in.value.BatchReport;
import dev.wanedit.application.port.in.value.BatchSpec;
import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.application.port.in.value.ManifestSource;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.application.port.in.value.SubmitMode;
import dev.wanedit.application.port.in.value.SubmitOptions;
import dev.wanedit.application.port.in.value.ValidationReport;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.OwnBucketInputs;
import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.application.port.out.StoredResult;
import dev.wanedit.application.port.out.UnreadableImage;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobState;
import dev.wanedit.domain.job.ResultImage;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.EditRequestDraft;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import dev.wanedit.domain.request.InvalidEditRequest;
import dev.wanedit.domain.request.Violation;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Inputs in the user's own bucket (read for validation, sent as a signed URL made just before the
 * create, journaled as {@code oss://}) and the check of the result store before anything is paid
 * for (issue #17), on the real services with fakes of the ports.
 */
class OwnBucketInputsAndPreflightTest {

    private static final String OBJECT = "oss://my-bucket/inputs/in.png";

    /** A bucket the fake knows: facts per key, and every URL it signed with when and for how long. */
    static final class FakeBucket implements OwnBucketInputs {
        final Map<String, ImageFacts> objects = new HashMap<>();
        final List<String> inspected = new ArrayList<>();
        final List<Duration> lifetimes = new ArrayList<>();
        final List<Instant> signedAt = new ArrayList<>();
        private final java.time.Clock clock;

        FakeBucket(java.time.Clock clock) {
            this.clock = clock;
        }

        @Override
        public ImageFacts inspect(ImageInput.OssImage object, boolean mask) {
            inspected.add(object.uri());
            ImageFacts f = objects.get(object.uri());
            if (f == null) {
                throw new UnreadableImage(object.uri(), "cannot be read: no object " + object.key() + " in bucket " + object.bucket());
            }
            return f;
        }

        @Override
        public URI signedUrl(ImageInput.OssImage object, Duration lifetime) {
            lifetimes.add(lifetime);
            signedAt.add(clock.instant());
            long expires = clock.instant().plus(lifetime).getEpochSecond();
            return URI.create("https://" + object.bucket() + ".oss-cn-beijing.aliyuncs.com/" + object.key() + "?Expires=" + expires
                    + "&OSSAccessKeyId=LTAIexample&Signature=sig" + signedAt.size());
        }
    }

    /** A store whose preflight is counted and can be made to fail. */
    static final class CheckedStore implements ResultStore {
        final List<Long> checks = new ArrayList<>();
        final List<Optional<String>> destinations = new ArrayList<>();
        RuntimeException failure;

        @Override
        public StoredResult store(EditJob job, ResultImage image, InputStream content) {
            throw new UnsupportedOperationException("not in these tests");
        }

        @Override
        public void preflight(Optional<String> destination, long expectedBytes) {
            checks.add(expectedBytes);
            destinations.add(destination);
            if (failure != null) {
                throw failure;
            }
        }
    }

    private final ServiceFixture f = new ServiceFixture();
    private final FakeBucket bucket = new FakeBucket(f.clock);
    private final CheckedStore store = new CheckedStore();
    private final SubmitEditService submit = new SubmitEditService(f.jobs, f.editing, f.reconciler, f.limiters,
            new JobIdSource(f.clock, new SplittableRandom(7)), f.clock, f.sleeper, Backoff.STANDARD, f.random,
            Optional.of("/results"), f.leases, new StorePreflight(store, Optional.of("/results")), bucket);
    private final ValidateEditService validate = new ValidateEditService(f.inspector, f.editing, ModelCatalog.standard(), false,
            bucket);

    OwnBucketInputsAndPreflightTest() {
        bucket.objects.put(OBJECT, new ImageFacts(ImageFormat.PNG, 1024, 768, 300_000, false));
        bucket.objects.put("oss://my-bucket/inputs/tiny.png", new ImageFacts(ImageFormat.PNG, 100, 100, 2_000, false));
        f.inspector.with("shelf.png", new ImageFacts(ImageFormat.PNG, 1024, 1024, 50_000, false));
    }

    private static EditRequestDraft edit(String image) {
        return EditRequest.draft(ModelCatalog.WAN25_I2I).image(image).prompt("Put a clock on the shelf").n(2);
    }

    // ---------------------------------------------------------------- validation

    @Test
    void anObjectInTheUsersBucket_isCheckedByTheRulesOfALocalFile() {
        assertThatThrownBy(() -> validate.prepare(edit("oss://my-bucket/inputs/tiny.png")))
                .isInstanceOfSatisfying(InvalidEditRequest.class, e -> assertThat(e.violations()).extracting(Violation::message)
                        .anyMatch(m -> m.contains("oss://my-bucket/inputs/tiny.png") && m.contains("width 100 px is below the minimum")));

        EditRequest ok = validate.prepare(edit(OBJECT));
        assertThat(ok.images().get(0)).isInstanceOfSatisfying(ImageInput.OssImage.class,
                o -> assertThat(o.facts()).contains(bucket.objects.get(OBJECT)));
        assertThat(ok.expectedOutput().dimensions()).as("known from the object's header, like a local file's").isPresent();
    }

    @Test
    void anObjectThatCannotBeRead_isAViolationNamingIt_andWithoutOssSettingsSaysWhatToSet() {
        assertThatThrownBy(() -> validate.prepare(edit("oss://my-bucket/inputs/gone.png")))
                .isInstanceOfSatisfying(InvalidEditRequest.class, e -> assertThat(e.violations()).extracting(Violation::message)
                        .anyMatch(m -> m.contains("oss://my-bucket/inputs/gone.png") && m.contains("no object inputs/gone.png")));

        ValidateEditService unconfigured = new ValidateEditService(f.inspector, f.editing, ModelCatalog.standard());
        assertThatThrownBy(() -> unconfigured.prepare(edit(OBJECT)))
                .isInstanceOfSatisfying(InvalidEditRequest.class, e -> assertThat(e.violations()).extracting(Violation::message)
                        .anyMatch(m -> m.contains(OBJECT) && m.contains("OSS_ENDPOINT") && m.contains("OSS_ACCESS_KEY_ID")
                                && m.contains("oss://dashscope-instant/")));
    }

    @Test
    void dashScopesOwnTemporaryUpload_isNeitherReadNorSigned_andGoesAsItIs() throws Exception {
        String temporary = "oss://dashscope-instant/52af0c/2026-11-21/b744/in.png";

        EditRequest r = validate.prepare(edit(temporary));
        submit.submit(r, SubmitOptions.async()).journaled().orElseThrow();

        assertThat(bucket.inspected).isEmpty();
        assertThat(bucket.lifetimes).isEmpty();
        assertThat(f.editing.sentRequests()).singleElement().satisfies(sent -> assertThat(sent.images().get(0))
                .isInstanceOfSatisfying(ImageInput.OssImage.class, o -> assertThat(o.uri()).isEqualTo(temporary)));
    }

    @Test
    void validate_showsTheRequestWithTheSignedUrlMasked() {
        ValidationReport report = validate.validate(edit(OBJECT), SubmitMode.ASYNC);

        assertThat(report.errors()).isEmpty();
        ImageInput shown = f.editing.previewedRequests().get(0).images().get(0);
        assertThat(shown).isInstanceOfSatisfying(ImageInput.RemoteImage.class, u -> assertThat(u.url().toString())
                .startsWith("https://my-bucket.oss-cn-beijing.aliyuncs.com/inputs/in.png?Expires=")
                .contains("Signature=***").contains("OSSAccessKeyId=***").doesNotContain("sig1"));
    }

    // ---------------------------------------------------------------- sending

    @Test
    void submit_sendsAUrlSignedForTheTasksLifetime_andJournalsOnlyTheOssReference() throws Exception {
        EditRequest r = validate.prepare(edit(OBJECT));

        EditJob job = submit.submit(r, SubmitOptions.async()).journaled().orElseThrow();

        assertThat(bucket.lifetimes).containsExactly(Duration.ofHours(24));
        assertThat(SignedInputs.LIFETIME).as("a task waits at most as long as the service keeps it").isEqualTo(Duration.ofHours(24));
        EditRequest sent = f.editing.sentRequests().get(0);
        assertThat(sent.images().get(0)).isInstanceOfSatisfying(ImageInput.RemoteImage.class, u -> {
            assertThat(u.url().getQuery()).contains("Signature=sig1")
                    .contains("Expires=" + f.clock.instant().plus(Duration.ofHours(24)).getEpochSecond());
            assertThat(u.facts()).as("the facts read at validation go along").contains(bucket.objects.get(OBJECT));
        });
        assertThat(sent.fingerprint()).isEqualTo(r.fingerprint());
        EditJob journaled = f.jobs.find(job.id()).orElseThrow();
        assertThat(journaled.request().images().get(0)).isInstanceOfSatisfying(ImageInput.OssImage.class,
                o -> assertThat(o.uri()).isEqualTo(OBJECT));
        assertThat(journaled.request().images().get(0).reference()).isEqualTo(OBJECT);
    }

    @Test
    void aJobSentDaysLater_getsAUrlSignedThen_notTheOneOfItsFirstTry() throws Exception {
        EditRequest r = validate.prepare(edit(OBJECT));
        for (int i = 0; i < SubmitEditService.UNSENT_ATTEMPTS; i++) {
            f.editing.failNextSubmit(new RemoteServiceException.Unavailable("connection refused", "", "", 0, null));
        }
        assertThatThrownBy(() -> submit.submit(r, SubmitOptions.async()).journaled().orElseThrow()).isInstanceOf(RemoteServiceException.Unavailable.class);
        assertThat(f.jobs.list(JobQuery.all())).singleElement().extracting(EditJob::state).isEqualTo(JobState.CREATED);

        f.clock.advance(Duration.ofDays(2));
        ResumeJobsService resume = new ResumeJobsService(f.jobs, submit, f.await, f.editing, f.limiters, f.clock, f.leases);
        resume.resume(Duration.ofMinutes(1), false, ProgressListener.NONE);

        assertThat(bucket.signedAt).hasSize(2);
        assertThat(bucket.signedAt.get(1)).isAfterOrEqualTo(bucket.signedAt.get(0).plus(Duration.ofDays(2)));
        EditRequest last = f.editing.sentRequests().get(f.editing.sentRequests().size() - 1);
        assertThat(((ImageInput.RemoteImage) last.images().get(0)).url().getQuery()).contains("Signature=sig2");
    }

    @Test
    void resume_namesAJobWhoseOwnBucketInputCannotBeSignedNow() throws Exception {
        EditRequest r = validate.prepare(edit(OBJECT));
        for (int i = 0; i < SubmitEditService.UNSENT_ATTEMPTS; i++) {
            f.editing.failNextSubmit(new RemoteServiceException.Unavailable("connection refused", "", "", 0, null));
        }
        assertThatThrownBy(() -> submit.submit(r, SubmitOptions.async()).journaled().orElseThrow()).isInstanceOf(RemoteServiceException.Unavailable.class);
        SubmitEditService withoutOss = new SubmitEditService(f.jobs, f.editing, f.reconciler, f.limiters,
                new JobIdSource(f.clock, new SplittableRandom(9)), f.clock, f.sleeper, Backoff.STANDARD, f.random, Optional.empty(),
                f.leases);

        var resumed = new ResumeJobsService(f.jobs, withoutOss, f.await, f.editing, f.limiters, f.clock, f.leases)
                .resume(Duration.ofMinutes(1), false, ProgressListener.NONE);

        assertThat(resumed).singleElement().satisfies(x -> {
            assertThat(x.job().state()).isEqualTo(JobState.CREATED);
            assertThat(x.reason()).hasValueSatisfying(why -> assertThat(why).contains(OBJECT).contains("OSS_ENDPOINT"));
        });
    }

    // ---------------------------------------------------------------- the store, before paying

    @Test
    void anUnusableStore_isFoundBeforeTheJobIsJournaled_andNothingIsSent() {
        store.failure = new ResultStoreUnusable("oss://results/wanedit/", "bucket results does not exist", false, null);
        EditRequest r = ServiceFixture.wan25(2);

        assertThatThrownBy(() -> submit.submit(r, SubmitOptions.async()).journaled().orElseThrow()).isSameAs(store.failure);

        assertThat(f.jobs.list(JobQuery.all())).as("no job journaled").isEmpty();
        assertThat(f.editing.created()).as("no task created").isZero();
        assertThat(store.destinations).containsExactly(Optional.of("/results"));
    }

    @Test
    void theStoreIsCheckedOncePerProcess_forTheBytesTheResultsMayTake() throws Exception {
        EditRequest two = ServiceFixture.wan25(2);
        submit.submit(two, SubmitOptions.async()).journaled().orElseThrow();
        submit.submit(ServiceFixture.wan25("another prompt"), SubmitOptions.async()).journaled().orElseThrow();

        long pixels = two.expectedOutput().dimensions().orElseThrow().pixels();
        assertThat(store.checks).containsExactly(2 * pixels * StorePreflight.BYTES_PER_PIXEL);
        assertThat(f.editing.created()).isEqualTo(2);
    }

    @Test
    void expectedBytes_ofAnOutputOfUnknownSize_assumes2048Squared() {
        EditRequest remote = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("x").n(3)
                .image(new ImageInput.RemoteImage(URI.create("https://example.com/a.png"), Optional.empty())).build();
        assertThat(remote.expectedOutput().dimensions()).isEmpty();
        assertThat(StorePreflight.expectedBytes(remote)).isEqualTo(3L * 2048 * 2048 * 4);
    }

    @Test
    void aBatch_checksTheStoreOnceForEveryLine_beforeAnyLineIsSent() throws Exception {
        BatchService batch = new BatchService(validate, submit, new TaskPoller(f.editing, f.limiters, f.sleeper), f.collector,
                f.jobs, f.limiters, f.clock, f.sleeper, new SplittableRandom(5));
        ManifestSource lines = () -> LongStream.rangeClosed(1, 3).mapToObj(i -> ManifestLine.of(i, "sku-" + i,
                EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("product " + i).n(1)));
        BatchSpec spec = new BatchSpec("catalog.jsonl", OptionalInt.empty(), OptionalDouble.empty(), Optional.empty(), false, false,
                Duration.ofHours(1));
        store.failure = new ResultStoreUnusable("/results", "its disk has 1.0 MB free", false, null);

        assertThatThrownBy(() -> batch.run(spec, lines, quiet())).isSameAs(store.failure);

        EditRequest one = validate.prepare(EditRequest.draft(ModelCatalog.WAN25_I2I).image("shelf.png").prompt("p").n(1));
        assertThat(store.checks).containsExactly(3 * StorePreflight.expectedBytes(one));
        assertThat(f.editing.created()).isZero();
        assertThat(f.jobs.list(JobQuery.all())).isEmpty();

        store.failure = null;
        BatchReport report = batch.run(spec, lines, quiet());
        assertThat(report.imagesStored()).isEqualTo(3);
        assertThat(store.checks).as("passed once, not checked again per line").hasSize(2);
    }

    private static BatchProgress.Listener quiet() {
        return new BatchProgress.Listener() {
            @Override
            public void update(BatchProgress progress) {
            }

            @Override
            public void lineEnded(BatchReport.LineOutcome outcome) {
            }
        };
    }
}
