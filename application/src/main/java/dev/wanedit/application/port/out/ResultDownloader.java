package dev.wanedit.application.port.out;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Outgoing port: streams a result image from its URL (allow-listed hosts only, size-capped)
 * without holding it in memory. Throws {@link RemoteServiceException.ResultExpired} for an
 * expired URL and other {@link RemoteServiceException}s for the rest.
 */
public interface ResultDownloader {

    /** Opens the URL and hands the body to {@code handler}; the stream is closed afterwards. */
    <T> T download(URI url, Handler<T> handler);

    /** Consumes a downloaded body. */
    @FunctionalInterface
    interface Handler<T> {
        T handle(InputStream body, Optional<String> contentType, OptionalLong contentLength) throws IOException;
    }
}
