package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * design.md: "Nothing in domain or application imports Feign, Jackson, Guice, picocli, Caffeine,
 * OSS, JDBC or java.net.http", and style.md §9.11: each framework stays in the module that owns it.
 */
@AnalyzeClasses(packages = "dev.wanedit", importOptions = ProductionCodeOnly.class)
class FrameworkConfinementTest {

    private static final String[] CORE = {"dev.wanedit.domain..", "dev.wanedit.application.."};

    @ArchTest
    static final ArchRule core_uses_no_feign = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("feign..")
            .because("design.md: HTTP clients are an adapter's business, not the core's");

    @ArchTest
    static final ArchRule core_uses_no_jackson = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
            .because("design.md: wire and file formats live in adapters");

    @ArchTest
    static final ArchRule core_uses_no_guice = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
            .because("design.md: the core carries no DI annotations; bootstrap builds services with new");

    @ArchTest
    static final ArchRule core_uses_no_picocli = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("design.md: the command line is one adapter among others");

    @ArchTest
    static final ArchRule core_uses_no_caffeine = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("com.github.benmanes.caffeine..")
            .because("style.md 9.4: a cache sits behind a port, inside an adapter");

    @ArchTest
    static final ArchRule core_uses_no_oss_sdk = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("com.aliyun..", "com.aliyuncs..")
            .because("design.md: OSS is a storage adapter");

    @ArchTest
    static final ArchRule core_uses_no_jdbc = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..")
            .because("design.md: the journal's database is a storage adapter");

    @ArchTest
    static final ArchRule core_uses_no_java_net_http = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("java.net.http..")
            .because("design.md: the core makes no network calls itself");

    @ArchTest
    static final ArchRule feign_only_in_the_dashscope_adapter = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.adapter.dashscope..")
            .should().dependOnClassesThat().resideInAPackage("feign..")
            .because("style.md 9.11: Feign is confined to adapters-dashscope");

    @ArchTest
    static final ArchRule caffeine_only_in_the_dashscope_adapter = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.adapter.dashscope..")
            .should().dependOnClassesThat().resideInAPackage("com.github.benmanes.caffeine..")
            .because("the upload cache is the only cache, and it lives in adapters-dashscope");

    @ArchTest
    static final ArchRule oss_sdk_only_in_the_oss_store = noClasses()
            .that().resideOutsideOfPackages("dev.wanedit.adapter.storage.oss..", "dev.wanedit.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("com.aliyun.oss..")
            .because("style.md 9.7/9.11: the OSS SDK is confined to adapter.storage.oss, except that bootstrap owns "
                    + "and shuts down the one client");

    @ArchTest
    static final ArchRule jdbc_only_in_the_journal = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.adapter.storage.jobs..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..")
            .because("the journals (SQLite, PostgreSQL) are the only databases");

    @ArchTest
    static final ArchRule picocli_only_in_cli_and_bootstrap = noClasses()
            .that().resideOutsideOfPackages("dev.wanedit.adapter.cli..", "dev.wanedit.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("style.md 9.11: picocli only in adapter.cli and bootstrap");

    @ArchTest
    static final ArchRule guice_only_in_adapters_and_bootstrap = noClasses()
            .that().resideOutsideOfPackages("dev.wanedit.adapter..", "dev.wanedit.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
            .because("style.md 9.11: Guice modules live next to adapters and in bootstrap only");

    @ArchTest
    static final ArchRule jackson_only_where_json_is_the_format = noClasses()
            .that().resideOutsideOfPackages("dev.wanedit.adapter.dashscope..", "dev.wanedit.adapter.storage..",
                    "dev.wanedit.adapter.cli..", "dev.wanedit.emulator..")
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
            .because("design.md: Jackson is the DashScope wire format, the journal's and sidecars' file format and the "
                    + "CLI's --json; the web adapter writes its few JSON answers itself");

    @ArchTest
    static final ArchRule templates_only_in_the_web_adapter = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.adapter.web..")
            .should().dependOnClassesThat().resideInAPackage("gg.jte..")
            .because("the page templates are the web adapter's business (adapters-web)");

    @ArchTest
    static final ArchRule http_server_only_in_the_web_adapter_and_the_emulator = noClasses()
            .that().resideOutsideOfPackages("dev.wanedit.adapter.web..", "dev.wanedit.emulator..")
            .should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..")
            .because("only the studio and the emulator serve HTTP; everything else is a client or no network at all");

    @ArchTest
    static final ArchRule the_web_adapter_uses_no_cli_framework_and_no_http_client = noClasses()
            .that().resideInAPackage("dev.wanedit.adapter.web..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "feign..", "java.net.http..", "com.google.inject..")
            .because("adapters-web is a driving adapter over the in-ports: it serves pages and calls no remote service itself");

    @ArchTest
    static final ArchRule logback_only_in_bootstrap = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
            .because("conventions: SLF4J everywhere, Logback configured by bootstrap only");
}
