package dev.wanedit.bootstrap;

import com.google.inject.Module;
import dev.wanedit.adapter.dashscope.ApiKeys;
import dev.wanedit.adapter.storage.jobs.JournalException;
import dev.wanedit.domain.catalog.Region;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The wiring of the embedding API ({@code dev.wanedit.bootstrap.client}): the same module choice as
 * the command line's ({@link Wiring}, the one place with decisions about wiring), without the
 * command line's and the web pages' bindings. Not part of the API itself: services use
 * {@code Wanedit.builder()} or {@code WaneditModule}. Owns what {@link Wiring} owns (journal, OSS
 * client, the application's pools) and closes it.
 */
public final class EmbeddedWiring implements AutoCloseable {

    private final Wiring wiring;

    private EmbeddedWiring(Wiring wiring) {
        this.wiring = wiring;
    }

    /**
     * The core modules for a configuration; nothing is opened yet.
     *
     * @param apiKey asked on every call for the key of {@code config.region()}; empty: the keys of
     *     the configuration (the environment's, as the command line reads them)
     */
    public static EmbeddedWiring of(AppConfig config, Optional<Supplier<String>> apiKey) {
        Region region = config.region();
        ApiKeys keys = apiKey.<ApiKeys>map(supplier -> ApiKeys.from(r -> r == region ? Optional.ofNullable(supplier.get())
                : Optional.ofNullable(config.keys().get(r)))).orElseGet(() -> ApiKeys.of(config.keys()));
        return new EmbeddedWiring(Wiring.core(config, keys));
    }

    /** The Guice modules: bind the in-ports and the application services behind them. */
    public List<Module> modules() {
        return wiring.modules();
    }

    /**
     * Opens the journal now (connects, migrates), so that a journal that cannot be used fails when
     * the client is built rather than at the first job.
     *
     * @return why it cannot be used, naming the file or server; empty when it is open
     */
    public Optional<String> openJournal() {
        try {
            wiring.journal().open();
            return Optional.empty();
        } catch (JournalException | dev.wanedit.application.port.out.JobRepositoryException.Damaged e) {
            return Optional.of(dev.wanedit.bootstrap.logging.Secrets.mask(String.valueOf(e.getMessage())));
        }
    }

    /** Where the journal is (a file, or a PostgreSQL host, port and database; never a password). */
    public String describeJournal() {
        return wiring.journal().describe();
    }

    @Override
    public void close() {
        wiring.close();
    }
}
