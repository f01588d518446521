package dev.wanedit.adapter.cli;

/**
 * Starts the local web studio of {@code wanedit studio}. The CLI does not depend on the web
 * adapter; bootstrap implements this with it.
 */
public interface StudioLauncher {

    /**
     * Starts the studio on 127.0.0.1 and returns once it accepts connections.
     *
     * @param port the port, 0 for a free one
     */
    RunningStudio start(int port);

    /** A started studio. */
    interface RunningStudio extends AutoCloseable {

        /** The page's address, with the random token that every request must carry. */
        String url();

        /** Blocks until the studio stops. */
        void awaitTermination() throws InterruptedException;

        /** Stops serving; edits still running stay in the journal and can be resumed. */
        @Override
        void close();
    }
}
