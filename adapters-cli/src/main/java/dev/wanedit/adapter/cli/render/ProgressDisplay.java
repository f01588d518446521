package dev.wanedit.adapter.cli.render;

import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.domain.job.EditJob;
import dev.wanedit.domain.job.ResultImage;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The progress line of a wait on a terminal: state, elapsed time and polls, rewritten in place
 * with {@code \r}; each stored result on its own line. Only ever used when stdout is a terminal
 * and neither {@code --json} nor {@code --quiet} is given (see {@link #forCommand}).
 */
public final class ProgressDisplay implements ProgressListener {

    private final PrintWriter out;
    private int lastWidth;
    private boolean lineOpen;

    public ProgressDisplay(PrintWriter out) {
        this.out = out;
    }

    /** A display when a person watches a terminal ({@code watched}: interactive, neither --json nor --quiet), else {@link ProgressListener#NONE}. */
    public static ProgressListener forCommand(boolean watched, PrintWriter out) {
        if (!watched) {
            return ProgressListener.NONE;
        }
        return new ProgressDisplay(out);
    }

    @Override
    public void polled(EditJob job, int polls, Duration elapsed) {
        String line = "  " + job.id() + "  " + job.state() + "  " + TextOutput.duration(elapsed) + " elapsed  " + polls
                + (polls == 1 ? " poll" : " polls");
        int pad = Math.max(0, lastWidth - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastWidth = line.length();
        lineOpen = true;
    }

    @Override
    public void stored(EditJob job, ResultImage image) {
        finishLine();
        out.println("  stored [" + image.index() + "] " + image.storedAt().orElse("?"));
        out.flush();
    }

    /** Ends the progress line, so that what follows starts on a fresh line. */
    public void finishLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
            lastWidth = 0;
        }
    }

    /** Ends the progress line of a listener if it is a display. */
    public static void finish(ProgressListener listener) {
        if (listener instanceof ProgressDisplay d) {
            d.finishLine();
        }
    }
}
