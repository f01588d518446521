package dev.wanedit.bootstrap.testing;

import dev.wanedit.emulator.DashScopeEmulator;
import dev.wanedit.emulator.EmulatorClock;
import dev.wanedit.emulator.Region;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * The set-up every end-to-end class shares: a {@link DashScopeEmulator} in the test JVM on a free
 * loopback port that accepts a secret key made up for the class, a {@link Sandbox} (one wanedit
 * installation pointed at that emulator with that key), the emulator's journal and faults cleared
 * before each test, and, when the sandbox is done with, the check that no secret appears in any
 * output or file, then everything closed. Test, lifecycle and (for a sandbox per class) {@code
 * @BeforeAll} methods declare parameters of type {@link Sandbox} or {@link DashScopeEmulator}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SandboxExtension E2E = SandboxExtension.perClass("models").emulator(b -> b.timeScale(0.02));
 *
 * @Test
 * void edits(Sandbox sandbox, DashScopeEmulator emulator) throws Exception { ... }
 * }</pre>
 *
 * What a class needs beyond that (a second region's key, a manual clock, a fake OSS server, its
 * own input files) it says on the builder or keeps to itself.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private final String name;
    private final boolean perTest;
    private Consumer<DashScopeEmulator.Builder> emulatorConfig = b -> { };
    private boolean unshapedKey;
    private Region keyRegion = Region.BEIJING;
    private final Map<Region, String> otherKeys = new EnumMap<>(Region.class);
    private boolean manualClock;
    private boolean offline;
    private boolean emulatorPerTest;

    private DashScopeEmulator emulator;
    private String key;
    private Sandbox sandbox;

    private SandboxExtension(String name, boolean perTest) {
        this.name = Objects.requireNonNull(name);
        this.perTest = perTest;
    }

    /** One emulator and one sandbox for the whole class: the secret check runs after the last test. */
    public static SandboxExtension perClass(String name) {
        return new SandboxExtension(name, false);
    }

    /**
     * One emulator for the class and a fresh sandbox (its own journal and output folder) for every
     * test: the secret check runs after each test, after the class's own {@code @AfterEach} methods
     * (which may still name more secrets with {@link Sandbox#alsoSecret}).
     */
    public static SandboxExtension perTest(String name) {
        return new SandboxExtension(name, true);
    }

    /**
     * With {@link #perTest}: a fresh emulator for every test too (its tasks, limits and clock start
     * over), for tests whose requests would otherwise meet the tasks of the test before.
     */
    public SandboxExtension emulatorPerTest() {
        if (!perTest) {
            throw new IllegalStateException("emulatorPerTest() needs perTest(\"" + name + "\")");
        }
        this.emulatorPerTest = true;
        return this;
    }

    /** Configures the emulator further (time scale, limits, region, ...), after the port and the key. */
    public SandboxExtension emulator(Consumer<DashScopeEmulator.Builder> config) {
        this.emulatorConfig = Objects.requireNonNull(config);
        return this;
    }

    /**
     * A key not shaped like {@code sk-…} ({@link Sandbox#unshapedSecretKey}), so that the shape-based
     * masking cannot hide a leak.
     */
    public SandboxExtension unshapedKey() {
        this.unshapedKey = true;
        return this;
    }

    /** The emulator accepts the sandbox's key in {@code region} (Beijing unless said). */
    public SandboxExtension keyIn(Region region) {
        this.keyRegion = Objects.requireNonNull(region);
        return this;
    }

    /** The emulator also accepts a second secret key in {@code region} ({@link #key(Region)}); it must never leak either. */
    public SandboxExtension alsoKeyIn(Region region) {
        otherKeys.put(Objects.requireNonNull(region), null);
        return this;
    }

    /**
     * The emulator on a manual clock that starts at the real time (result URLs carry real expiry
     * times) and is set back to the real time before each test, whatever earlier tests advanced it
     * by: the client and the service agree on the time (within the 30 s the reconciler tolerates).
     */
    public SandboxExtension manualClock() {
        this.manualClock = true;
        return this;
    }

    /** No emulator and no key: a sandbox of {@link Sandbox#offline} (for {@code --provider local}). */
    public SandboxExtension offline() {
        this.offline = true;
        return this;
    }

    /** The emulator of the running class. */
    public DashScopeEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("no emulator: SandboxExtension starts one before the class's first test");
        }
        return emulator;
    }

    /** The sandbox's secret key, or the second key given to the emulator for {@code region} ({@link #alsoKeyIn}). */
    public String key(Region region) {
        String k = region == keyRegion ? key : otherKeys.get(region);
        if (k == null) {
            throw new IllegalStateException("no key for " + region + ": say alsoKeyIn(" + region + ") on the SandboxExtension");
        }
        return k;
    }

    /** The sandbox of the running class or test. */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("no sandbox: SandboxExtension makes one "
                    + (perTest ? "before each test" : "before the first test"));
        }
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!offline && !emulatorPerTest) {
            emulator = startEmulator();
        }
        if (!perTest) {
            sandbox = newSandbox();
        }
    }

    private DashScopeEmulator startEmulator() {
        key = unshapedKey ? Sandbox.unshapedSecretKey() : Sandbox.secretKey();
        DashScopeEmulator.Builder b = DashScopeEmulator.builder().port(0).apiKey(keyRegion, key);
        otherKeys.replaceAll((region, none) -> Sandbox.secretKey());
        otherKeys.forEach(b::apiKey);
        if (manualClock) {
            b.clock(EmulatorClock.manual(Instant.now()));
        }
        emulatorConfig.accept(b);
        return b.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulatorPerTest) {
            emulator = startEmulator();
        }
        if (emulator != null) {
            if (manualClock) {
                emulator.clock().set(Instant.now());
            }
            emulator.faults().clear();
            emulator.journal().clear();
        }
        if (perTest) {
            sandbox = newSandbox();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (perTest) {
                checkAndClose(context);
            }
        } finally {
            if (emulatorPerTest) {
                closeEmulator();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (!perTest) {
                checkAndClose(context);
            }
        } finally {
            closeEmulator();
        }
    }

    private void closeEmulator() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    private Sandbox newSandbox() {
        if (offline) {
            return Sandbox.offline(name);
        }
        Sandbox s = new Sandbox(name, key, emulator);
        otherKeys.values().forEach(s::alsoSecret);
        return s;
    }

    /** The secret check, unless the test was skipped (an assumption failed) before it ran anything; then closes. */
    private void checkAndClose(ExtensionContext context) {
        Sandbox s = sandbox;
        sandbox = null;
        if (s == null) {
            return;
        }
        try {
            boolean skipped = context.getExecutionException().filter(TestAbortedException.class::isInstance).isPresent();
            if (!skipped || s.hasRuns()) {
                s.assertSecretNeverLeaked();
            }
        } finally {
            s.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Sandbox.class || type == DashScopeEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return parameter.getParameter().getType() == Sandbox.class ? sandbox() : emulator();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }
}
