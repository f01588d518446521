package dev.wanedit.domain.request;

/**
 * The range of {@code n}, the number of output images.
 *
 * @param serverDefault what the service does when {@code n} is not sent (wanedit always sends it)
 * @param sequentialMax the upper bound in image-set mode, or 0 when the model has no image sets
 */
public record CountRules(int min, int max, int serverDefault, int sequentialMax) {
}
