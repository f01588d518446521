package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * design.md "Modules": one rule per sentence of the dependency rule. Cross-module rules live here
 * because bootstrap is the one module whose classpath sees every other.
 */
@AnalyzeClasses(packages = "dev.wanedit", importOptions = ProductionCodeOnly.class)
class DependencyRuleTest {

    private static final String DOMAIN = "dev.wanedit.domain..";
    private static final String APPLICATION = "dev.wanedit.application..";
    private static final String ADAPTERS = "dev.wanedit.adapter..";
    private static final String BOOTSTRAP = "dev.wanedit.bootstrap..";
    private static final String EMULATOR = "dev.wanedit.emulator..";

    /** "Direction: domain <- application <- adapters-* <- bootstrap" — the domain depends on nothing. */
    @ArchTest
    static final ArchRule domain_depends_only_on_itself_and_the_jdk = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
            .because("design.md: domain depends on nothing; it is the pure model everyone else builds on");

    /** "Direction: domain <- application <- ..." — the application sees only the domain. */
    @ArchTest
    static final ArchRule application_depends_only_on_domain_and_the_jdk = classes()
            .that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..")
            .because("design.md: application depends on domain only, so use cases can be embedded anywhere");

    /** "... adapters-* <- bootstrap" — nothing but bootstrap depends on bootstrap. */
    @ArchTest
    static final ArchRule only_bootstrap_sees_bootstrap = noClasses()
            .that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .because("design.md: only bootstrap sees all; it wires the graph and nothing depends on it");

    /** "Adapters do not depend on each other." */
    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("dev.wanedit.adapter.(*)..")
            .should().notDependOnEachOther()
            .because("design.md: adapters do not depend on each other, so each can be swapped alone");

    /** style.md §9.11: ports belong to the consumer and must not reach into service implementations. */
    @ArchTest
    static final ArchRule ports_do_not_depend_on_services = noClasses()
            .that().resideInAPackage("dev.wanedit.application.port..")
            .should().dependOnClassesThat().resideInAPackage("dev.wanedit.application.service..")
            .because("ports are contracts; implementations depend on them, never the other way");

    /** style.md §9.11: adapters talk to ports, never to the services behind them. */
    @ArchTest
    static final ArchRule adapters_do_not_depend_on_services = noClasses()
            .that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage("dev.wanedit.application.service..")
            .because("adapters implement or call ports; only bootstrap knows which service stands behind a port");

    /**
     * "adapters-web ... drives the same in-ports as the CLI": the driving adapters (CLI, web) call
     * use cases; they never reach for an out-port (the journal, the remote service, the stores)
     * behind the application's back. Records, enums and exceptions declared beside the out-ports
     * (JobQuery, RequestPreview, the error family) are part of the in-ports' vocabulary.
     */
    @ArchTest
    static final ArchRule driving_adapters_use_in_ports_not_out_ports = noClasses()
            .that().resideInAnyPackage("dev.wanedit.adapter.cli..", "dev.wanedit.adapter.web..")
            .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES
                    .and(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.wanedit.application.port.out..")))
            .because("design.md: the CLI and the web adapter drive the application through its in-ports only");

    /** The web adapter is one of the adapters every rule above covers: make sure the import sees it. */
    @ArchTest
    static final ArchRule the_web_adapter_is_analysed = classes()
            .that().resideInAPackage("dev.wanedit.adapter.web..").and().haveSimpleName("Studio")
            .should().dependOnClassesThat().resideInAPackage("dev.wanedit.application.port.in..")
            .because("if adapters-web were not on bootstrap's classpath, the adapter rules would silently not cover it");

    /**
     * The local provider is one of the adapters every rule above covers (the import sees it), and it
     * is the port's second implementation on the JDK alone: no other adapter, no HTTP client, no
     * JSON library; only the application's ports, the domain, ImageIO and its Guice module.
     */
    @ArchTest
    static final ArchRule the_local_provider_depends_only_on_the_ports_the_domain_and_the_jdk = classes()
            .that().resideInAPackage("dev.wanedit.adapter.local..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.wanedit.adapter.local..", APPLICATION, DOMAIN,
                    "java..", "javax.imageio..", "com.google.inject..")
            .because("design.md: each adapters-* depends on application (and so domain) only; a second provider behind "
                    + "ImageEditingService proves the port is the provider's whole contract");

    /** ...and the import sees it: if adapters-local were not on bootstrap's classpath, the rules above would not cover it. */
    @ArchTest
    static final ArchRule the_local_provider_is_analysed = classes()
            .that().resideInAPackage("dev.wanedit.adapter.local..").and().haveSimpleName("LocalImageEditing")
            .should().implement("dev.wanedit.application.port.out.ImageEditingService")
            .because("the adapter rules must cover the second provider as well as the first");

    /** "dashscope-emulator depends on nothing of ours." */
    @ArchTest
    static final ArchRule emulator_depends_on_nothing_of_ours = noClasses()
            .that().resideInAPackage(EMULATOR)
            .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, APPLICATION, ADAPTERS, BOOTSTRAP)
            .because("design.md: the emulator is an independent reading of the documents");

    /** "It must not share DTOs or constants with adapters-dashscope" — and the adapter's main code never uses the emulator. */
    @ArchTest
    static final ArchRule adapters_do_not_use_the_emulator = noClasses()
            .that().resideInAnyPackage(ADAPTERS, APPLICATION, DOMAIN)
            .should().dependOnClassesThat().resideInAPackage(EMULATOR)
            .because("design.md: the adapter and the emulator must catch each other's mistakes, so they share nothing");
}
