package dev.wanedit.application.policy;

import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link JobLeases} for a journal no other process uses (an in-memory journal, an embedding service
 * with its own): this process may always take a job. It still remembers what it holds, so that the
 * services behave the same as with a shared journal.
 */
public final class SoloLeases implements JobLeases {

    private final JobRepository jobs;
    private final LeaseOwner self;
    private final Set<JobId> held = new LinkedHashSet<>();

    public SoloLeases(JobRepository jobs, String host, long pid, Instant startedAt) {
        this.jobs = jobs;
        this.self = new LeaseOwner("solo-" + pid, host, pid, startedAt, Instant.MAX);
    }

    @Override
    public LeaseOwner self() {
        return self;
    }

    @Override
    public synchronized boolean acquire(JobId job) {
        held.add(job);
        return true;
    }

    @Override
    public synchronized void release(JobId job) {
        held.remove(job);
    }

    @Override
    public synchronized Map<JobId, LeaseOwner> holders(Collection<JobId> ids) {
        Map<JobId, LeaseOwner> out = new HashMap<>();
        for (JobId id : ids) {
            if (held.contains(id)) {
                out.put(id, self);
            }
        }
        return out;
    }

    @Override
    public synchronized List<EditJob> claim(JobQuery query, int limit) {
        List<EditJob> out = jobs.list(query).stream().filter(j -> !held.contains(j.id())).limit(limit).toList();
        out.forEach(j -> held.add(j.id()));
        return out;
    }
}
