/**
 * What every test that starts the real {@code wanedit.jar} shares: {@link
 * dev.wanedit.bootstrap.testing.WaneditProcess} (one run of the jar, or of the launcher, with
 * exactly the environment given and a timeout), {@link dev.wanedit.bootstrap.testing.Sandbox} (one
 * installation with a secret key, whose every output and file is checked for it) and {@link
 * dev.wanedit.bootstrap.testing.SandboxExtension} (the emulator and the sandbox of an end-to-end or
 * batch class, with the check when they are done with). Used by the {@code e2e} and {@code batch}
 * tests.
 */
package dev.wanedit.bootstrap.testing;
