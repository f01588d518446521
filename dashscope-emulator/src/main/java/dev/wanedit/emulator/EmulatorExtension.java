package dev.wanedit.emulator;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: starts a fresh {@link DashScopeEmulator} for every test, on a free loopback
 * port with a {@link EmulatorClock#manual manual clock} at {@link #DEFAULT_START}, and closes it
 * afterwards. Test and {@code @BeforeEach} methods may declare parameters of type {@link
 * DashScopeEmulator}, {@link EmulatorClock}, {@link Journal} or {@link Faults}.
 *
 * <pre>{@code
 * @ExtendWith(EmulatorExtension.class)
 * class MyTest {
 *   @Test void polls(DashScopeEmulator emu, EmulatorClock clock, Journal journal) { ... }
 * }
 *
 * class MyOtherTest {
 *   @RegisterExtension
 *   static final EmulatorExtension EMULATOR = EmulatorExtension.configured(b -> b.limitsEnabled(false));
 *   @Test void x() { DashScopeEmulator emu = EMULATOR.emulator(); ... }
 * }
 * }</pre>
 */
public final class EmulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    /** Where the manual clock starts: the submit_time of the wan2.5 seed example, 2025-09-23 22:14:10.800 UTC+8. */
    public static final Instant DEFAULT_START = Instant.parse("2025-09-23T14:14:10.800Z");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorExtension.class);
    private static final String KEY = "emulator";

    private final Consumer<DashScopeEmulator.Builder> customizer;
    private volatile DashScopeEmulator current;

    /** The defaults: Beijing, manual clock at {@link #DEFAULT_START}, limits on. */
    public EmulatorExtension() {
        this(b -> {});
    }

    private EmulatorExtension(Consumer<DashScopeEmulator.Builder> customizer) {
        this.customizer = customizer;
    }

    /** An extension whose emulators are further configured by {@code customizer} (applied after the defaults). */
    public static EmulatorExtension configured(Consumer<DashScopeEmulator.Builder> customizer) {
        return new EmulatorExtension(Objects.requireNonNull(customizer));
    }

    /** The emulator of the running test (for {@code @RegisterExtension} use). */
    public DashScopeEmulator emulator() {
        DashScopeEmulator e = current;
        if (e == null) {
            throw new IllegalStateException("no emulator is running: EmulatorExtension starts one per test");
        }
        return e;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        DashScopeEmulator.Builder b = DashScopeEmulator.builder().port(0).clock(EmulatorClock.manual(DEFAULT_START));
        customizer.accept(b);
        DashScopeEmulator emu = b.start();
        current = emu;
        context.getStore(NAMESPACE).put(KEY, new Resource(emu));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Resource r = context.getStore(NAMESPACE).remove(KEY, Resource.class);
        if (r != null) {
            r.close();
        }
        current = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == DashScopeEmulator.class || type == EmulatorClock.class || type == Journal.class || type == Faults.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Resource r = extensionContext.getStore(NAMESPACE).get(KEY, Resource.class);
        DashScopeEmulator emu = r != null ? r.emulator : emulator();
        Class<?> type = parameterContext.getParameter().getType();
        if (type == EmulatorClock.class) {
            return emu.clock();
        }
        if (type == Journal.class) {
            return emu.journal();
        }
        if (type == Faults.class) {
            return emu.faults();
        }
        return emu;
    }

    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        private final DashScopeEmulator emulator;

        Resource(DashScopeEmulator emulator) {
            this.emulator = emulator;
        }

        @Override
        public void close() {
            emulator.close();
        }
    }
}
