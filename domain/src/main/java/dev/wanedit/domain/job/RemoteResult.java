package dev.wanedit.domain.job;

import java.net.URI;
import java.util.Optional;

/**
 * One image slot of a remote task: either a result URL (and the prompt the service actually used)
 * or the per-image error of a partial failure ({@code InternalError.Timeout} in the seeds).
 */
public record RemoteResult(int index, Optional<URI> url, Optional<String> actualPrompt, Optional<String> errorCode,
                           Optional<String> errorMessage) {

    public RemoteResult {
        url = url == null ? Optional.empty() : url;
        actualPrompt = actualPrompt == null ? Optional.empty() : actualPrompt;
        errorCode = errorCode == null ? Optional.empty() : errorCode;
        errorMessage = errorMessage == null ? Optional.empty() : errorMessage;
        if (url.isEmpty() && errorCode.isEmpty()) {
            errorCode = Optional.of("NoResult");
        }
    }

    public static RemoteResult success(int index, URI url, String actualPrompt) {
        return new RemoteResult(index, Optional.of(url), Optional.ofNullable(actualPrompt), Optional.empty(), Optional.empty());
    }

    public static RemoteResult failure(int index, String code, String message) {
        return new RemoteResult(index, Optional.empty(), Optional.empty(), Optional.ofNullable(code), Optional.ofNullable(message));
    }

    /**
     * The instant a signed result URL stops working: its numeric {@code Expires} query parameter
     * (epoch seconds, OSS signature version 1, protocol §1.4); empty when it has none.
     */
    public static Optional<java.time.Instant> signedExpiry(URI url) {
        String q = url.getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String pair : q.split("&")) {
            if (pair.startsWith("Expires=")) {
                String v = pair.substring("Expires=".length());
                if (!v.isEmpty() && v.length() < 19 && v.chars().allMatch(Character::isDigit)) {
                    return Optional.of(java.time.Instant.ofEpochSecond(Long.parseLong(v)));
                }
            }
        }
        return Optional.empty();
    }

    /** True when the slot has an image and no error. */
    public boolean succeeded() {
        return url.isPresent() && errorCode.isEmpty();
    }
}
