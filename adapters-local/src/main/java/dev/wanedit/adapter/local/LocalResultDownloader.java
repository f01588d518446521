package dev.wanedit.adapter.local;

import dev.wanedit.application.port.out.RemoteServiceException.DownloadDenied;
import dev.wanedit.application.port.out.RemoteServiceException.Rejected;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import dev.wanedit.application.port.out.ResultDownloader;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Adapter: streams the local provider's results. Serves only regular PNG files inside the
 * provider's {@code results/} folder, named by a {@code file:} URL (after resolving links, so a
 * link inside it cannot lead out), up to the size cap; every other URL is refused.
 */
final class LocalResultDownloader implements ResultDownloader {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final LocalProviderSettings settings;

    LocalResultDownloader(LocalProviderSettings settings) {
        this.settings = settings;
    }

    @Override
    public <T> T download(URI url, Handler<T> handler) {
        Path file = servable(url);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new Unavailable("reading " + file + " failed: " + e.getMessage(), "", "", 0, e);
        }
        if (size > settings.maxDownloadBytes()) {
            throw new Rejected("the result at " + file + " is " + size + " bytes, over the cap of "
                    + settings.maxDownloadBytes(), "TooLarge", "", 0);
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
            raw.mark(PNG_MAGIC.length);
            byte[] head = raw.readNBytes(PNG_MAGIC.length);
            raw.reset();
            if (!Arrays.equals(head, PNG_MAGIC)) {
                throw new Rejected("the result at " + file + " is not a PNG image", "NotAnImage", "", 0);
            }
            return handler.handle(new Capped(raw, settings.maxDownloadBytes()), Optional.of("image/png"), OptionalLong.of(size));
        } catch (NoSuchFileException e) {
            throw new DownloadDenied("the local provider has no result " + file, 404);
        } catch (IOException e) {
            throw new UncheckedIOException("handling the download of " + file + " failed", e);
        }
    }

    /** The file a URL names, if it is one of the provider's results; refused otherwise. */
    private Path servable(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("file") || url.getRawQuery() != null || url.getRawFragment() != null
                || (url.getRawAuthority() != null && !url.getRawAuthority().isEmpty())) {
            throw refused(url, "only file: URLs of the local provider's results are served");
        }
        Path file;
        Path root;
        try {
            file = Path.of(url).toAbsolutePath().normalize();
            root = settings.results().toRealPath();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw refused(url, "it does not name a local file");
        } catch (IOException e) {
            throw refused(url, "the local provider has no results folder " + settings.results());
        }
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw refused(url, "only PNG results are served");
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            if (file.startsWith(settings.results())) {
                throw new DownloadDenied("the local provider has no result " + file, 404);
            }
            throw refused(url, "it is outside the local provider's results folder " + settings.results());
        } catch (IOException e) {
            throw new Unavailable("reading " + file + " failed: " + e.getMessage(), "", "", 0, e);
        }
        if (!real.startsWith(root) || real.equals(root)) {
            throw refused(url, "it is outside the local provider's results folder " + settings.results());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(url, "it is not a regular file");
        }
        return real;
    }

    private static Rejected refused(URI url, String why) {
        return new Rejected("refusing to download " + url + ": " + why, "DownloadNotAllowed", "", 0);
    }

    /** Fails the read past the cap, so a result that grew after its size was read is not stored whole. */
    private static final class Capped extends FilterInputStream {
        private final long cap;
        private long read;

        Capped(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > cap) {
                throw new IOException("result larger than " + cap + " bytes");
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (read += n) > cap) {
                throw new IOException("result larger than " + cap + " bytes");
            }
            return n;
        }
    }
}
