package dev.wanedit.bootstrap;

import com.google.inject.Module;
import dev.wanedit.domain.catalog.Region;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The real module graph, as {@code Main} builds it, for in-process tests in other packages of bootstrap. */
public final class TestWiring implements AutoCloseable {

    private final Wiring wiring;

    private TestWiring(Wiring wiring) {
        this.wiring = wiring;
    }

    /** Local storage under {@code root}, the journal in {@code root/home}, pointed at an emulator with its key. */
    public static TestWiring againstEmulator(Path root, String endpoint, String key, double pollScale) {
        Path home = root.resolve("home");
        AppConfig config = new AppConfig(Region.BEIJING, Optional.of(endpoint), root.resolve("out"), home, home.resolve("journal.db"),
                Map.of(Region.BEIJING, key), Optional.empty(), false, pollScale);
        return new TestWiring(new Wiring(config, false));
    }

    public List<Module> modules() {
        return wiring.modules();
    }

    @Override
    public void close() {
        wiring.close();
    }
}
