package dev.wanedit.adapter.web.view;

/**
 * One output slot of a job: its image (when stored), the prompt the service actually used, or the
 * per-image error of a partial failure.
 *
 * @param number the slot number as people count, from 1
 * @param remote what is known of the remote URL when the image is not stored (its expiry), else empty
 */
public record ResultView(int number, Picture picture, String actualPrompt, String error, String sha256, long bytes,
                         String remote) {

    public boolean failed() {
        return !error.isEmpty();
    }
}
