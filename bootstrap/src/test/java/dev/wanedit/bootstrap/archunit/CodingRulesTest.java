package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** style.md §9.11 GeneralCodingRules, and "Main is the only System.exit". */
@AnalyzeClasses(packages = "dev.wanedit", importOptions = ProductionCodeOnly.class)
class CodingRulesTest {

    /** Standard streams belong to bootstrap (and the emulator's own standalone main). */
    @ArchTest
    static final ArchRule no_standard_streams_outside_bootstrap = noClasses()
            .that().resideOutsideOfPackages("dev.wanedit.bootstrap..", "dev.wanedit.emulator..")
            .should(ACCESS_STANDARD_STREAMS)
            .because("commands print through picocli's writers; only bootstrap owns the process streams");

    @ArchTest
    static final ArchRule no_field_injection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION
            .because("style.md: constructor injection only, so objects are complete when built");

    @ArchTest
    static final ArchRule no_generic_exceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
            .because("style.md 9.5: failures are typed so the CLI can map them to exit codes");

    @ArchTest
    static final ArchRule no_java_util_logging = noClasses()
            .that().resideOutsideOfPackage("dev.wanedit.bootstrap.logging")
            .should(USE_JAVA_UTIL_LOGGING)
            .because("conventions: SLF4J with Logback, configured once in bootstrap (whose logging package sends JUL's records to SLF4J)");

    /** style.md 9.9: "Main is the only System.exit". */
    @ArchTest
    static final ArchRule only_main_exits = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.wanedit.bootstrap.Main")
            .and().resideOutsideOfPackage("dev.wanedit.emulator..")
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("the process exit code is decided in one place, after owned resources are closed");
}
