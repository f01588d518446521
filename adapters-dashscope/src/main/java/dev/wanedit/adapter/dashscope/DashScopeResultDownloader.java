package dev.wanedit.adapter.dashscope;

import dev.wanedit.application.port.out.RemoteServiceException;
import dev.wanedit.application.port.out.RemoteServiceException.DownloadDenied;
import dev.wanedit.application.port.out.RemoteServiceException.Rejected;
import dev.wanedit.application.port.out.RemoteServiceException.ResultExpired;
import dev.wanedit.application.port.out.RemoteServiceException.Unavailable;
import dev.wanedit.application.port.out.ResultDownloader;
import dev.wanedit.domain.job.RemoteResult;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Adapter: streams a result image from its signed URL without holding it in memory. Only https
 * (plus explicitly configured plain-http hosts such as an emulator), only allow-listed hosts, no
 * redirects, a size cap, and a body that must start like an image. No API key is sent: result URLs
 * are signed by themselves. A URL past its {@code Expires} is {@link ResultExpired} without a call;
 * HTTP 403, 404 and 410 before that are {@link DownloadDenied} (the application asks the task for
 * its URLs again and retries), and past it {@link ResultExpired}.
 */
final class DashScopeResultDownloader implements ResultDownloader {

    private final HttpClient http;
    private final DashScopeSettings settings;
    private final List<Pattern> hosts;

    DashScopeResultDownloader(DashScopeSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.hosts = settings.downloadHostPatterns().stream().map(DashScopeResultDownloader::glob).toList();
    }

    /** A host glob: {@code *} matches letters, digits and hyphens within one label. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.trim().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') {
                re.append("[a-z0-9-]*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether a URL may be downloaded at all; a reason when it may not. */
    Optional<String> refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return Optional.of("the URL has no host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("the URL carries user info");
        }
        boolean plainOk = scheme.equals("http") && settings.plainHttpDownloadHosts().contains(host);
        if (!scheme.equals("https") && !plainOk) {
            return Optional.of("only https result URLs are downloaded, got " + scheme + "://" + host);
        }
        if (hosts.stream().noneMatch(p -> p.matcher(host).matches())) {
            return Optional.of("host " + host + " is not on the download allow-list " + settings.downloadHostPatterns());
        }
        return Optional.empty();
    }

    @Override
    public <T> T download(URI url, Handler<T> handler) {
        String shown = shown(url);
        Optional<String> refused = refusal(url);
        if (refused.isPresent()) {
            throw new Rejected("refusing to download " + shown + ": " + refused.get(), "DownloadNotAllowed", "", 0);
        }
        Optional<java.time.Instant> expires = RemoteResult.signedExpiry(url);
        if (expires.isPresent() && !settings.clock().instant().isBefore(expires.get())) {
            throw new ResultExpired("the result URL " + shown + " expired at " + expires.get()
                    + "; results are kept about 24 hours", 0);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.downloadTimeout()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unavailable("downloading " + shown + " failed: " + Calls.describe(e), "", "", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("downloading " + shown + " was interrupted", "", "", 0, e);
        }
        try (InputStream raw = response.body()) {
            int status = response.statusCode();
            if (status == 403 || status == 404 || status == 410) {
                if (expires.isPresent() && !settings.clock().instant().isBefore(expires.get())) {
                    throw new ResultExpired("the result URL " + shown + " expired at " + expires.get() + " (HTTP "
                            + status + "); results are kept about 24 hours", status);
                }
                throw new DownloadDenied("the result host refused " + shown + " with HTTP " + status
                        + expires.map(t -> " although the URL is valid until " + t).orElse(""), status);
            }
            if (status == 429 || status >= 500) {
                throw new Unavailable("downloading " + shown + ": HTTP " + status, "", "", status, null,
                        DashScopeErrors.retryAfter(response.headers().firstValue("Retry-After").orElse(null),
                                settings.clock()));
            }
            if (status != 200) {
                throw new Rejected("downloading " + shown + ": unexpected HTTP " + status, "", "", status);
            }
            Optional<String> type = response.headers().firstValue("Content-Type");
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (type.isPresent() && !type.get().toLowerCase(Locale.ROOT).startsWith("image/")
                    && !type.get().toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
                throw new Rejected("the result at " + shown + " is not an image (" + type.get() + ")", "NotAnImage",
                        "", status);
            }
            if (length.isPresent() && length.getAsLong() > settings.maxDownloadBytes()) {
                throw new Rejected("the result at " + shown + " is " + length.getAsLong() + " bytes, over the cap of "
                        + settings.maxDownloadBytes(), "TooLarge", "", status);
            }
            CappedStream body = new CappedStream(new BufferedInputStream(raw, 64 * 1024), settings.maxDownloadBytes());
            if (!body.looksLikeImage()) {
                if (body.failure != null) {
                    throw new Unavailable("downloading " + shown + " failed: " + Calls.describe(body.failure), "", "",
                            status, body.failure);
                }
                throw new Rejected("the result at " + shown + " does not start like an image", "NotAnImage", "", status);
            }
            try {
                return handler.handle(body, type, length);
            } catch (IOException e) {
                if (body.overCap) {
                    throw new Rejected("the result at " + shown + " is larger than the cap of "
                            + settings.maxDownloadBytes() + " bytes", "TooLarge", "", status);
                }
                if (body.failure != null) {
                    throw new Unavailable("downloading " + shown + " failed: " + Calls.describe(body.failure), "", "",
                            status, body.failure);
                }
                throw new UncheckedIOException("handling the download of " + shown + " failed", e);
            }
        } catch (IOException closing) {
            throw new Unavailable("downloading " + shown + " failed: " + Calls.describe(closing), "", "", 0, closing);
        } catch (RemoteServiceException | UncheckedIOException e) {
            throw e;
        }
    }

    /** A URL for messages: without its query, which holds the signature. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Counts bytes, fails past the cap, and remembers read failures (so they are told apart from the handler's). */
    static final class CappedStream extends FilterInputStream {
        private final long cap;
        private long count;
        boolean overCap;
        IOException failure;

        CappedStream(BufferedInputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        /** Peeks at the first bytes: PNG, JPEG, WEBP, BMP, TIFF or GIF. */
        boolean looksLikeImage() {
            byte[] b = new byte[12];
            int n;
            try {
                in.mark(16);
                n = in.readNBytes(b, 0, 12);
                in.reset();
            } catch (IOException e) {
                failure = e;
                return false;
            }
            if (n >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return true;
            }
            if (n >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
                return true;
            }
            if (n >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                    && b[10] == 'B' && b[11] == 'P') {
                return true;
            }
            if (n >= 2 && b[0] == 'B' && b[1] == 'M') {
                return true;
            }
            if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                    || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
                return true;
            }
            return n >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8';
        }

        @Override
        public int read() throws IOException {
            int c = guarded(() -> super.read());
            if (c >= 0) {
                add(1);
            }
            return c;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = guarded(() -> super.read(buf, off, len));
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > cap) {
                overCap = true;
                throw new IOException("result larger than " + cap + " bytes");
            }
        }

        private interface Read {
            int read() throws IOException;
        }

        private int guarded(Read r) throws IOException {
            try {
                return r.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
