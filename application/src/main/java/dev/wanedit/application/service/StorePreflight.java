package dev.wanedit.application.service;

import dev.wanedit.application.port.out.ResultStore;
import dev.wanedit.application.port.out.ResultStoreUnusable;
import dev.wanedit.domain.request.Dimensions;
import dev.wanedit.domain.request.EditRequest;
import dev.wanedit.domain.request.ExpectedOutput;
import java.util.Optional;

/**
 * The check of the result store before the first billable call of a process ({@code edit},
 * {@code generate}, {@code batch}): a store that cannot be written is a clear error with nothing
 * created, instead of a paid result that cannot be stored. Once it has passed, a process does not
 * check again (a long batch would otherwise pay for a probe per line).
 */
public final class StorePreflight {

    /** Bytes a result is assumed to need per pixel: an RGBA PNG that does not compress, the worst case. */
    static final long BYTES_PER_PIXEL = 4;
    /** The output size assumed when it cannot be known locally (remote inputs of unknown size): 2048*2048. */
    static final long UNKNOWN_PIXELS = 2048L * 2048L;

    private final ResultStore store;
    private final Optional<String> destination;
    private volatile boolean passed;

    /**
     * @param destination where new jobs' results go, as they record it (the local store's absolute
     *     output folder; empty for the store's own place)
     */
    public StorePreflight(ResultStore store, Optional<String> destination) {
        this.store = store;
        this.destination = destination;
    }

    /** Checks nothing (embedding code and tests that have no store to check). */
    public static StorePreflight none() {
        StorePreflight p = new StorePreflight(new ResultStore() {
            @Override
            public dev.wanedit.application.port.out.StoredResult store(dev.wanedit.domain.job.EditJob job,
                    dev.wanedit.domain.job.ResultImage image, java.io.InputStream content) {
                throw new UnsupportedOperationException("a preflight stores nothing");
            }
        }, Optional.empty());
        p.passed = true;
        return p;
    }

    /**
     * Checks the store unless it has passed already in this process.
     *
     * @throws ResultStoreUnusable naming the folder or bucket and the likely cause
     */
    public void beforePaying(long expectedBytes) {
        if (passed) {
            return;
        }
        synchronized (this) {
            if (!passed) {
                store.preflight(destination, expectedBytes);
                passed = true;
            }
        }
    }

    /** About how many bytes the results of a request take at most: every expected image at {@link #BYTES_PER_PIXEL}. */
    public static long expectedBytes(EditRequest request) {
        ExpectedOutput out = request.expectedOutput();
        long pixels = out.dimensions().map(Dimensions::pixels).orElse(UNKNOWN_PIXELS);
        return out.maxImages() * pixels * BYTES_PER_PIXEL;
    }
}
