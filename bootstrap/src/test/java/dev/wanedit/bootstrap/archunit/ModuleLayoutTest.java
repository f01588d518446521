package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * design.md "Modules" and "Domain", the parts the dependency rules do not say: every module keeps
 * its classes under one package root of its own (so a package names its module, and no package is
 * split across two jars), the domain is split into catalog, request and job, and the domain neither
 * reads a clock nor does I/O (time and files reach it as values, from the application's ports).
 */
@AnalyzeClasses(packages = "dev.wanedit", importOptions = ProductionCodeOnly.class)
class ModuleLayoutTest {

    /** Module (its folder, which is also its artifactId) → the one package root its classes live under. */
    static final Map<String, String> ROOTS = Map.of(
            "domain", "dev.wanedit.domain",
            "application", "dev.wanedit.application",
            "adapters-cli", "dev.wanedit.adapter.cli",
            "adapters-dashscope", "dev.wanedit.adapter.dashscope",
            "adapters-local", "dev.wanedit.adapter.local",
            "adapters-storage", "dev.wanedit.adapter.storage",
            "adapters-web", "dev.wanedit.adapter.web",
            "bootstrap", "dev.wanedit.bootstrap",
            "dashscope-emulator", "dev.wanedit.emulator");

    /**
     * Where a class was loaded from names its module: {@code …/<module>/target/classes/…} in the
     * reactor, {@code …/<module>/target/<module>-<version>.jar} after {@code package}, or the
     * artifact's jar in a Maven repository ({@code …/dev/wanedit/<module>/<version>/<module>-<version>.jar}).
     */
    private static final Pattern MODULE = Pattern.compile(
            "/([a-z-]+)/target/(?:classes/|[a-z-]+-\\d[^/]*\\.jar)|/dev/wanedit/([a-z-]+)/\\d[^/]*/[a-z-]+-\\d[^/]*\\.jar");

    static Optional<String> moduleOf(JavaClass c) {
        String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
        Matcher m = MODULE.matcher(uri);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static final ArchCondition<JavaClass> LIVE_UNDER_THEIR_MODULES_ROOT =
            new ArchCondition<>("live under their module's one package root") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    Optional<String> module = moduleOf(c);
                    String root = module.map(ROOTS::get).orElse(null);
                    boolean ok = root != null && (c.getPackageName().equals(root) || c.getPackageName().startsWith(root + "."));
                    String where = module.map(m -> root == null ? "module " + m + ", which has no root in ROOTS"
                            : "module " + m + ", whose root is " + root)
                            .orElse("an unknown location " + c.getSource().map(s -> s.getUri().toString()).orElse("?"));
                    events.add(new SimpleConditionEvent(c, ok, c.getName() + " comes from " + where));
                }
            };

    /** design.md "Modules": a package names its module; no package is split across two modules. */
    @ArchTest
    static final ArchRule one_package_root_per_module = classes()
            .that().resideInAPackage("dev.wanedit..")
            .should(LIVE_UNDER_THEIR_MODULES_ROOT)
            .because("design.md: each module owns one package root, so the package of a class tells its module and "
                    + "the dependency rules above, written over packages, speak of modules");

    /** The rule above sees every module: one class of each must be in the import. */
    @ArchTest
    static final ArchRule every_module_is_analysed = classes()
            .that().resideInAPackage("dev.wanedit..")
            .should(new ArchCondition<>("come from every module in ROOTS") {
                private final java.util.Set<String> seen = new java.util.HashSet<>();

                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    moduleOf(c).ifPresent(seen::add);
                }

                @Override
                public void finish(ConditionEvents events) {
                    for (String module : ROOTS.keySet()) {
                        events.add(new SimpleConditionEvent(module, seen.contains(module),
                                "no class of module " + module + " was imported"));
                    }
                }
            });

    /** design.md "Domain": catalog, request and job, and the three the only packages of the domain. */
    @ArchTest
    static final ArchRule the_domain_is_catalog_request_and_job = classes()
            .that().resideInAPackage("dev.wanedit.domain..")
            .should().resideInAnyPackage("dev.wanedit.domain.catalog", "dev.wanedit.domain.request", "dev.wanedit.domain.job")
            .because("design.md: the model catalog (what each model accepts), the request (an edit and its rules) and "
                    + "the job (its life and its journal snapshot) change for different reasons");

    /** A job is made of a request; a request never knows of the job that carries it. */
    @ArchTest
    static final ArchRule requests_and_the_catalog_know_nothing_of_jobs = noClasses()
            .that().resideInAnyPackage("dev.wanedit.domain.catalog", "dev.wanedit.domain.request")
            .should().dependOnClassesThat().resideInAPackage("dev.wanedit.domain.job")
            .because("the job is built on the request and the catalog, never the other way round");

    private static final Set<String> CLOCK_READS = Set.of("now", "currentTimeMillis", "nanoTime", "systemUTC",
            "systemDefaultZone", "system", "sleep");

    private static final DescribedPredicate<JavaMethodCall> READS_THE_CLOCK = DescribedPredicate.describe(
            "read the clock (java.time ….now(), Clock.system…, System.currentTimeMillis/nanoTime, Thread.sleep)",
            call -> CLOCK_READS.contains(call.getName())
                    && (call.getTargetOwner().getPackageName().equals("java.time")
                    || call.getTargetOwner().isEquivalentTo(System.class)
                    || call.getTargetOwner().isEquivalentTo(Thread.class)));

    private static final DescribedPredicate<JavaMethodCall> READS_THE_ENVIRONMENT = DescribedPredicate.describe(
            "read the environment or the file system (System.getenv/getProperty, Path.toRealPath/toFile)",
            call -> (call.getTargetOwner().isEquivalentTo(System.class)
                    && Set.of("getenv", "getProperty", "getProperties").contains(call.getName()))
                    || (call.getTargetOwner().isEquivalentTo(java.nio.file.Path.class)
                    && Set.of("toRealPath", "toFile", "register").contains(call.getName())));

    /** design.md "Domain": pure; time comes in as an Instant the application read from its Clock. */
    @ArchTest
    static final ArchRule the_domain_reads_no_clock = noClasses()
            .that().resideInAPackage("dev.wanedit.domain..")
            .should().callMethodWhere(READS_THE_CLOCK)
            .orShould().dependOnClassesThat().belongToAnyOf(java.time.Clock.class, java.time.InstantSource.class)
            .because("design.md: the domain is pure and deterministic; the application passes it the time");

    /** design.md "Domain": no I/O; files, URLs and sockets are the adapters' business, behind ports. */
    @ArchTest
    static final ArchRule the_domain_does_no_io = noClasses()
            .that().resideInAPackage("dev.wanedit.domain..")
            .should().callMethodWhere(READS_THE_ENVIRONMENT)
            .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.file.attribute..", "java.nio.channels..",
                    "java.net.http..", "javax.imageio..", "java.sql..")
            .orShould().dependOnClassesThat().belongToAnyOf(java.nio.file.Files.class, java.nio.file.FileSystems.class,
                    java.io.File.class, java.io.FileInputStream.class, java.io.FileOutputStream.class,
                    java.io.RandomAccessFile.class, java.io.FileReader.class, java.io.FileWriter.class,
                    java.net.URL.class, java.net.URLConnection.class, java.net.Socket.class, java.net.ServerSocket.class,
                    java.net.InetAddress.class)
            .because("design.md: the domain decides; reading images, files and the network is done by adapters, and "
                    + "what they read reaches the domain as values (ImageFacts, Path and URI as names)");
}
