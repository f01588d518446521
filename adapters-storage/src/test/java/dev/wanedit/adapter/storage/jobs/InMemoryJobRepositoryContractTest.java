package dev.wanedit.adapter.storage.jobs;

import dev.wanedit.application.fakes.InMemoryJobRepository;
import dev.wanedit.application.port.out.JobRepository;

/** The contract against the in-memory journal that service tests use, so the fake and the real one agree. */
class InMemoryJobRepositoryContractTest extends JobRepositoryContract {

    @Override
    protected JobRepository newRepository() {
        return new InMemoryJobRepository();
    }
}
