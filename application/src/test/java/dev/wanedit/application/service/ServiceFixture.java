package dev.wanedit.application.service;

import dev.wanedit.application.fakes.ClockSleeper;
import dev.wanedit.application.fakes.FakeDownloads;
import dev.wanedit.application.fakes.FakeImageEditing;
import dev.wanedit.application.fakes.FakeInspector;
import dev.wanedit.application.fakes.InMemoryJobRepository;
import dev.wanedit.application.fakes.ManualClock;
import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.policy.Limiters;
import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageFormat;
import dev.wanedit.domain.request.ImageInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/** Real services wired to in-memory fakes on one manual clock. */
final class ServiceFixture {

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T08:00:00Z"));
    final ClockSleeper sleeper = new ClockSleeper(clock);
    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final FakeImageEditing editing = new FakeImageEditing(clock);
    final FakeDownloads downloads = new FakeDownloads();
    final FakeInspector inspector = new FakeInspector();
    final Limiters limiters = new Limiters(clock);
    final SplittableRandom random = new SplittableRandom(11);
    final Reconciler reconciler = new Reconciler(editing, jobs, limiters.queries(), clock, sleeper, random,
            Reconciler.Policy.STANDARD);
    final dev.wanedit.application.port.out.JobLeases leases;
    final SubmitEditService submit;
    final TaskPoller poller = new TaskPoller(editing, limiters, sleeper);
    final ResultCollector collector = new ResultCollector(downloads, downloads, jobs, poller, clock, sleeper, Backoff.STANDARD,
            random);
    final AwaitJobService await;
    final ManageJobsService manage;
    final ResumeJobsService resume;
    ServiceFixture() {
        this(null);
    }

    /** Real services over these leases (null: this process alone). */
    ServiceFixture(dev.wanedit.application.port.out.JobLeases leases) {
        this(leases, dev.wanedit.application.port.out.StoredResults.none());
    }

    /** Real services over these leases (null: this process alone), finding earlier results in {@code stored}. */
    ServiceFixture(dev.wanedit.application.port.out.JobLeases leases, dev.wanedit.application.port.out.StoredResults stored) {
        this.leases = leases != null ? leases : new dev.wanedit.application.policy.SoloLeases(jobs, "test-host", 4242,
                Instant.parse("2026-11-21T07:00:00Z"));
        submit = new SubmitEditService(jobs, editing, reconciler, limiters, new JobIdSource(clock, new SplittableRandom(7)),
                clock, sleeper, Backoff.STANDARD, random, Optional.empty(), this.leases, StorePreflight.none(),
                dev.wanedit.application.port.out.OwnBucketInputs.unconfigured(), stored);
        await = new AwaitJobService(jobs, poller, collector, reconciler, clock, sleeper, random, Backoff.STANDARD, this.leases);
        manage = new ManageJobsService(jobs, editing, poller, reconciler, clock, this.leases);
        resume = new ResumeJobsService(jobs, submit, await, editing, limiters, clock, this.leases);
    }

    final ValidateEditService validate = new ValidateEditService(inspector, editing, ModelCatalog.standard());

    static EditRequest wan25(int n) {
        return EditRequest.draft(ModelCatalog.WAN25_I2I)
                .prompt("Put the alarm clock next to the vase")
                .image(new ImageInput.LocalImage(Path.of("clock.png"), new ImageFacts(ImageFormat.PNG, 1024, 768, 200_000, false)))
                .n(n)
                .build();
    }

    static EditRequest wan25(String prompt) {
        return EditRequest.draft(ModelCatalog.WAN25_I2I)
                .prompt(prompt)
                .image(new ImageInput.LocalImage(Path.of("clock.png"), new ImageFacts(ImageFormat.PNG, 1024, 768, 200_000, false)))
                .n(1)
                .build();
    }
}
