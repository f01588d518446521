/**
 * End-to-end tests: the real {@code wanedit.jar} (built by {@code package}) run as a separate
 * process, with an environment of its own (temporary HOME, WANEDIT_HOME, WANEDIT_OUT, a secret key
 * made up for the run, WANEDIT_ENDPOINT), against a {@code DashScopeEmulator} started in the test
 * JVM on 127.0.0.1; {@code SandboxExtension} (in {@code dev.wanedit.bootstrap.testing}) sets that
 * up for each class, so that a class holds only what is its own. Failsafe runs the {@code *IT} classes in {@code mvn verify}; one class:
 *
 * <pre>
 * mvn -B -o -pl bootstrap -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ExitCodesIT
 * </pre>
 *
 * Add {@code -Dwanedit.e2e.timing=true} to print every run with its time and exit code. Every class
 * ends by checking that no secret key appears in any captured output or in any file written.
 */
package dev.wanedit.bootstrap.e2e;
