package dev.wanedit.adapter.storage.local;

import dev.wanedit.adapter.storage.inspect.ImageInspectors;
import dev.wanedit.adapter.storage.jobs.JobJournals;
import dev.wanedit.adapter.storage.testing.Jobs;
import dev.wanedit.adapter.storage.testing.Requests;
import dev.wanedit.adapter.storage.testing.TestImages;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.domain.job.EditJob;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.locks.LockSupport;

/**
 * The process the crash test kills: it journals a job and keeps updating it in one thread while
 * another stores a large result through the local store from a slow stream that never ends.
 * Args: output folder, journal file.
 */
public final class CrashingWriterMain {

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        JobRepository journal = JobJournals.sqlite(Path.of(args[1]), Clock.systemUTC());
        EditJob job = Jobs.succeeded(Requests.wan25("crash"), Jobs.T0, 1);
        journal.insert(job);
        System.out.println("JOB " + job.id().value());
        System.out.flush();

        Thread updater = new Thread(() -> {
            EditJob mine = journal.find(job.id()).orElseThrow();
            while (true) {
                journal.update(mine);
                System.out.println("JOURNALED " + mine.version());
                System.out.flush();
            }
        });
        updater.setDaemon(true);
        updater.start();

        ResultStore store = LocalResultStores.create(out, Clock.systemUTC(), ImageInspectors.headerOnly());
        store.store(job, job.results().get(0), new SlowEndlessImage());
        System.out.println("FINISHED (should never happen)");
    }

    /** A PNG header followed by an endless trickle of bytes, like a download over a slow network. */
    private static final class SlowEndlessImage extends InputStream {
        private final byte[] head = TestImages.png(64, 64, false);
        private long served;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served < head.length) {
                int n = (int) Math.min(len, head.length - served);
                System.arraycopy(head, (int) served, b, off, n);
                served += n;
                return n;
            }
            if (served > head.length + 256 * 1024) {
                System.out.println("WRITING " + served);
                System.out.flush();
            }
            LockSupport.parkNanos(2_000_000); // the network is slow; this is the child, not the test, waiting
            int n = Math.min(len, 16 * 1024);
            java.util.Arrays.fill(b, off, off + n, (byte) 0x5A);
            served += n;
            return n;
        }
    }

    private CrashingWriterMain() {
    }
}
