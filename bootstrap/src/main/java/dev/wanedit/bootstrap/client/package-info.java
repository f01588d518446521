/**
 * The public Java API of wanedit, for services that embed it: {@link dev.wanedit.bootstrap.client.Wanedit}
 * (built by {@link dev.wanedit.bootstrap.client.Wanedit#builder()}) or, for services with their own
 * Guice injector, {@link dev.wanedit.bootstrap.client.WaneditModule}.
 *
 * <p>Its signatures use the domain's types ({@code dev.wanedit.domain}: {@code EditRequestDraft},
 * {@code EditRequest}, {@code EditJob}, {@code JobId}, {@code Region}, ...) and the application's
 * ({@code dev.wanedit.application.port.in}: {@code ValidationReport}, {@code ProgressListener},
 * {@code WaitTimedOut}, ...) and nothing of the libraries behind them (Feign, Jackson, picocli;
 * Guice only as the base class of {@code WaneditModule}): an ArchUnit rule in bootstrap's tests
 * keeps it so.
 */
package dev.wanedit.bootstrap.client;
