package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * design.md "Domain" ("no I/O, no clock calls (time is passed in)") and "Ports" ("java.time.Clock
 * and a Sleeper, so tests never really wait"): the domain reads no clock, no environment and no
 * file, and the application reads the time only from the Clock it is given and waits only
 * through its Sleeper.
 */
@AnalyzeClasses(packages = "dev.wanedit", importOptions = ProductionCodeOnly.class)
class PurityTest {

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

    /** A call that reads the system clock by itself: a no-argument now(), or one of the JDK's system clocks. */
    private static final DescribedPredicate<JavaMethodCall> READS_THE_SYSTEM_CLOCK = DescribedPredicate.describe(
            "read the system clock (a no-argument ….now(), Clock.system…, System.currentTimeMillis/nanoTime)",
            call -> (call.getTargetOwner().getPackageName().equals("java.time")
                    && (call.getName().startsWith("system") || call.getName().equals("now")
                    && call.getTarget().getRawParameterTypes().isEmpty()))
                    || (call.getTargetOwner().isEquivalentTo(System.class)
                    && Set.of("currentTimeMillis", "nanoTime").contains(call.getName())));

    /** design.md "Ports": time is the injected Clock's, so a test's manual clock is the only time the use cases see. */
    @ArchTest
    static final ArchRule the_application_reads_time_from_its_clock = noClasses()
            .that().resideInAPackage("dev.wanedit.application..")
            .should().callMethodWhere(READS_THE_SYSTEM_CLOCK)
            .because("design.md: the use cases take a java.time.Clock, so tests run on a manual clock and never wait");

    /** design.md "Ports": waiting is the Sleeper's; only its system implementation really sleeps. */
    @ArchTest
    static final ArchRule the_application_waits_through_its_sleeper = noClasses()
            .that().resideInAPackage("dev.wanedit.application..")
            .and().doNotHaveFullyQualifiedName("dev.wanedit.application.port.out.Sleeper")
            .should().callMethod(Thread.class, "sleep", long.class)
            .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
            .orShould().callMethod(Thread.class, "sleep", java.time.Duration.class)
            .orShould().callMethodWhere(DescribedPredicate.describe("park a thread (LockSupport.park…)",
                    call -> call.getTargetOwner().isEquivalentTo(java.util.concurrent.locks.LockSupport.class)))
            .because("design.md: a Sleeper is injected so that tests never really wait");
}
