package dev.wanedit.bootstrap.client;

import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.wanedit.application.port.in.value.ProgressListener;
import dev.wanedit.bootstrap.EmbeddedWiring;
import dev.wanedit.domain.catalog.Region;
import java.util.List;
import java.util.Optional;

/**
 * What the builder resolved, and how it is wired: the wiring (owning the journal) and the client's
 * own settings, turned into a {@link Wanedit} by a Guice injector over {@link WaneditModule}. Its one
 * reason to change is how the client is assembled.
 */
record ClientSetup(EmbeddedWiring wiring, Region region, ProgressListener progress, int workers, String description) {

    /**
     * Opens the journal now, so that one that cannot be used fails here, then builds the client.
     *
     * @throws WaneditSetupException naming the journal's problem or the wiring's
     */
    Wanedit open() {
        Optional<String> journalProblem = wiring.openJournal();
        if (journalProblem.isPresent()) {
            wiring.close();
            throw new WaneditSetupException(List.of("journal " + wiring.describeJournal() + ": " + journalProblem.get()));
        }
        try {
            return Guice.createInjector(Stage.PRODUCTION, new WaneditModule(this)).getInstance(Wanedit.class);
        } catch (RuntimeException e) {
            wiring.close();
            throw new WaneditSetupException(List.of("wiring wanedit: " + e.getMessage()));
        }
    }
}
