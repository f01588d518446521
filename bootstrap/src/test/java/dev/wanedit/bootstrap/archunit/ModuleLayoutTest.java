package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * design.md "Modules" and "Domain", the parts the dependency rules do not say: every module keeps
 * its classes under one package root of its own (so a package names its module, and no package is
 * split across two jars), the domain is split into catalog, request and job, the in-ports are the use
 * cases alone, and the wire DTOs are records that stay in their adapter. What the domain and the
 * application may not call is in {@link PurityTest}.
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

    /** The in-ports are the use cases alone; what they take and return lives beside them in {@code port.in.value}. */
    @ArchTest
    static final ArchRule in_ports_are_the_use_cases_alone = classes()
            .that().resideInAPackage("dev.wanedit.application.port.in").and().areTopLevelClasses()
            .should().beInterfaces()
            .andShould().notBeAnnotatedWith(FunctionalInterface.class)
            .because("a driving adapter reads port.in as the list of what the application can do; the options, "
                    + "outcomes and reports those use cases take and return are in port.in.value");

    /** design.md "adapters-dashscope": "wire DTOs as records that never leave the module". */
    @ArchTest
    static final ArchRule wire_dtos_are_records = classes()
            .that().resideInAPackage("dev.wanedit.adapter.dashscope.dto").and().areTopLevelClasses()
            .should().beRecords()
            .because("design.md: the wire shapes are plain immutable records, read and written by Jackson alone");

    @ArchTest
    static final ArchRule wire_dtos_never_leave_the_adapter = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.adapter.dashscope..")
            .should().dependOnClassesThat().resideInAPackage("dev.wanedit.adapter.dashscope.dto..")
            .because("design.md: the wire DTOs never leave adapters-dashscope; everyone else sees the port's types");
}
