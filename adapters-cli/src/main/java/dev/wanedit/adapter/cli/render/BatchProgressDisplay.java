package dev.wanedit.adapter.cli.render;

import dev.wanedit.application.port.in.value.BatchProgress;
import dev.wanedit.domain.job.JobState;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The progress line of a batch on a terminal, rewritten in place with {@code \r} at most a few
 * times a second: lines done of the valid total, counts by state, images stored, cost so far and
 * the estimated time left. Only used when stdout is a terminal and neither {@code --json} nor
 * {@code --quiet} is given (see {@link #forCommand}).
 */
public final class BatchProgressDisplay implements BatchProgress.Listener {

    public static final Duration EVERY = Duration.ofMillis(250);

    private final PrintWriter out;
    private final Clock clock;
    private Instant lastDrawn = Instant.MIN;
    private int lastWidth;
    private BatchProgress last;

    public BatchProgressDisplay(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** A display when a person watches a terminal ({@code watched}: interactive, neither --json nor --quiet), else {@link BatchProgress.Listener#NONE}. */
    public static BatchProgress.Listener forCommand(boolean watched, PrintWriter out, Clock clock) {
        if (!watched) {
            return BatchProgress.Listener.NONE;
        }
        return new BatchProgressDisplay(out, clock);
    }

    @Override
    public void update(BatchProgress p) {
        last = p;
        Instant now = clock.instant();
        if (Duration.between(lastDrawn, now).compareTo(EVERY) < 0 && lastDrawn != Instant.MIN) {
            return;
        }
        draw(p);
        lastDrawn = now;
    }

    private void draw(BatchProgress p) {
        String line = line(p);
        int pad = Math.max(0, lastWidth - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastWidth = line.length();
    }

    /** {@code 12/40 submitted  PENDING 3  RUNNING 2  STORED 7 | 7 images | 1.40 CNY | 1m05s, about 2m10s left}. */
    public static String line(BatchProgress p) {
        StringBuilder b = new StringBuilder("  ").append(p.submitted()).append('/').append(p.total()).append(" submitted ");
        for (Map.Entry<JobState, Long> e : p.states().entrySet()) {
            if (e.getValue() > 0) {
                b.append(' ').append(e.getKey().name()).append(' ').append(e.getValue());
            }
        }
        b.append(" | ").append(p.imagesStored()).append(p.imagesStored() == 1 ? " image" : " images")
                .append(" | ").append(p.costSoFar())
                .append(" | ").append(TextOutput.duration(p.elapsed()));
        p.eta().ifPresent(eta -> b.append(", about ").append(TextOutput.duration(eta)).append(" left"));
        return b.toString();
    }

    /** Draws the last state and ends the line, so that the summary starts on a fresh line. */
    public void finishLine() {
        if (last != null) {
            draw(last);
            out.println();
            out.flush();
            last = null;
            lastWidth = 0;
        }
    }

    public static void finish(BatchProgress.Listener listener) {
        if (listener instanceof BatchProgressDisplay d) {
            d.finishLine();
        }
    }
}
