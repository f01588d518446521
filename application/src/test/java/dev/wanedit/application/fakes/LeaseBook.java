package dev.wanedit.application.fakes;

import dev.wanedit.application.port.out.JobLeases;
import dev.wanedit.application.port.out.JobQuery;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.LeaseOwner;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.JobId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Leases of several simulated processes on one in-memory journal: each {@link #process} is a
 * {@link JobLeases} of its own owner; {@link #kill} makes an owner dead (its leases void, as after
 * SIGKILL), and a killed process's {@code release} does nothing (it never runs).
 */
public final class LeaseBook {

    private final JobRepository jobs;
    private final Map<JobId, String> holder = new HashMap<>();
    private final Set<String> dead = new HashSet<>();
    private int pids = 100;

    public LeaseBook(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** The leases of a new simulated process on host {@code host}. */
    public synchronized JobLeases process(String host) {
        LeaseOwner self = new LeaseOwner(host + "-" + (++pids), host, pids, Instant.parse("2026-11-21T07:00:00Z"),
                Instant.parse("2026-11-21T09:00:00Z"));
        return new JobLeases() {
            @Override
            public LeaseOwner self() {
                return self;
            }

            @Override
            public boolean acquire(JobId job) {
                synchronized (LeaseBook.this) {
                    String h = holder.get(job);
                    if (h == null || h.equals(self.id()) || dead.contains(h)) {
                        holder.put(job, self.id());
                        return true;
                    }
                    return false;
                }
            }

            @Override
            public void release(JobId job) {
                synchronized (LeaseBook.this) {
                    if (!dead.contains(self.id()) && self.id().equals(holder.get(job))) {
                        holder.remove(job);
                    }
                }
            }

            @Override
            public Map<JobId, LeaseOwner> holders(Collection<JobId> ids) {
                synchronized (LeaseBook.this) {
                    Map<JobId, LeaseOwner> out = new HashMap<>();
                    for (JobId id : ids) {
                        String h = holder.get(id);
                        if (h != null && !dead.contains(h)) {
                            out.put(id, h.equals(self.id()) ? self : new LeaseOwner(h, h.replaceAll("-\\\\d+$", ""),
                                    Long.parseLong(h.replaceAll("^.*-", "")), self.startedAt(), self.expiresAt()));
                        }
                    }
                    return out;
                }
            }

            @Override
            public List<EditJob> claim(JobQuery query, int limit) {
                return jobs.list(query).stream().filter(j -> acquire(j.id())).limit(limit).toList();
            }
        };
    }

    /** The owner of these leases dies: its leases no longer hold. */
    public synchronized void kill(JobLeases process) {
        dead.add(process.self().id());
    }

    public synchronized int held() {
        return (int) holder.values().stream().filter(h -> !dead.contains(h)).count();
    }
}
