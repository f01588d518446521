package dev.wanedit.bootstrap.client;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.wanedit.application.policy.Backoff;
import dev.wanedit.application.port.in.AwaitJob;
import dev.wanedit.application.port.in.ManageJobs;
import dev.wanedit.application.port.in.ResumeJobs;
import dev.wanedit.application.port.in.RunBatch;
import dev.wanedit.application.port.in.SubmitEdit;
import dev.wanedit.application.port.in.ValidateEdit;
import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.service.AwaitJobService;
import dev.wanedit.application.service.ResultCollector;
import dev.wanedit.application.service.TaskPoller;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * For services with their own Guice injector: installs wanedit's modules (the same as the command
 * line's, without its command and page bindings) and binds {@link Wanedit} and the use cases
 * ({@link SubmitEdit}, {@link AwaitJob}, {@link ManageJobs}, {@link ResumeJobs}, {@link RunBatch},
 * {@link ValidateEdit}). Made by {@link Wanedit.Builder#module()}; the one {@link Wanedit} it binds
 * owns the journal and the pools, so close it when the injector's life ends. Bindings only: nothing
 * is opened or started until first use.
 */
public final class WaneditModule extends AbstractModule {

    private final ClientSetup setup;

    WaneditModule(ClientSetup setup) {
        this.setup = setup;
    }

    @Override
    protected void configure() {
        setup.wiring().modules().forEach(this::install);
    }

    @Provides
    @Singleton
    Wanedit wanedit(SubmitEdit submit, AwaitJob await, ManageJobs manage, ResumeJobs resume, RunBatch batch, ValidateEdit validate,
                    JobRepository jobs, JobLeases leases, TaskPoller poller, ResultCollector collector, AwaitJobService blockingAwait,
                    Clock clock, RandomGenerator random, Backoff backoff) {
        // the watcher's threads start lazily, on the first asynchronous call
        JobWatcher watcher = new JobWatcher(jobs, leases, poller, collector, blockingAwait, clock, random, backoff, setup.workers());
        return new Wanedit(submit, await, manage, resume, batch, validate, watcher, setup.progress(), setup.region(),
                setup.description(), setup.wiring());
    }
}
