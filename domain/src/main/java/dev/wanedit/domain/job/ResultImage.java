package dev.wanedit.domain.job;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * One output slot of a job: the remote URL and when it expires, where it was stored with its
 * checksum and size, the prompt the service actually used, or the per-image error of a partial
 * failure.
 */
public record ResultImage(int index, Optional<URI> remoteUrl, Optional<Instant> urlExpiresAt,
                          Optional<String> actualPrompt, Optional<String> storedAt, Optional<String> sha256,
                          long bytes, Optional<String> errorCode, Optional<String> errorMessage) {

    public ResultImage {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        remoteUrl = remoteUrl == null ? Optional.empty() : remoteUrl;
        urlExpiresAt = urlExpiresAt == null ? Optional.empty() : urlExpiresAt;
        actualPrompt = actualPrompt == null ? Optional.empty() : actualPrompt;
        storedAt = storedAt == null ? Optional.empty() : storedAt;
        sha256 = sha256 == null ? Optional.empty() : sha256;
        errorCode = errorCode == null ? Optional.empty() : errorCode;
        errorMessage = errorMessage == null ? Optional.empty() : errorMessage;
    }

    /**
     * A slot from a task answer. The URL dies at its signed {@code Expires} when it has one (OSS
     * signed URLs, protocol §1.4), else at {@code fallbackExpiry} (the task's end plus 24 hours).
     */
    static ResultImage from(RemoteResult r, Instant fallbackExpiry) {
        return new ResultImage(r.index(), r.url(), r.url().map(u -> RemoteResult.signedExpiry(u).orElse(fallbackExpiry)),
                r.actualPrompt(), Optional.empty(), Optional.empty(), 0, r.errorCode(),
                r.succeeded() ? Optional.empty() : r.errorMessage());
    }

    /** A slot the service did not return at all: it returned {@code returned} of {@code requested} images. */
    static ResultImage notReturned(int index, int returned, int requested) {
        return new ResultImage(index, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                0, Optional.of("NotReturned"), Optional.of("the service returned " + returned + " of the " + requested
                        + " images requested"));
    }

    /** A copy with a freshly signed URL (a result not stored yet). */
    ResultImage withUrl(URI url, Instant expiresAt) {
        return new ResultImage(index, Optional.of(url), Optional.of(expiresAt), actualPrompt, storedAt, sha256, bytes, errorCode,
                errorMessage);
    }

    /**
     * True when the service produced this image (it may not be stored yet): it has a URL, or it is
     * stored (a job recovered from its stored results knows no URL).
     */
    public boolean succeeded() {
        return (remoteUrl.isPresent() || storedAt.isPresent()) && errorCode.isEmpty();
    }

    public boolean isStored() {
        return storedAt.isPresent();
    }

    /** A copy recording where the image was stored. */
    public ResultImage stored(String location, String digest, long size) {
        return new ResultImage(index, remoteUrl, urlExpiresAt, actualPrompt, Optional.of(location), Optional.of(digest), size,
                errorCode, errorMessage);
    }
}
