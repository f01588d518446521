package dev.wanedit.domain.request;

import java.util.OptionalInt;

/**
 * Limits on the prompt and negative prompt, in characters (Unicode code points).
 *
 * @param promptRequired whether a prompt must be given
 * @param promptMax the documented maximum prompt length
 * @param negativeMax the documented maximum negative prompt length; empty when the model has none
 * @param serverTruncates true when the service silently truncates longer text instead of rejecting
 *     it (then a longer text is a warning, or an error in strict mode)
 */
public record TextRules(boolean promptRequired, int promptMax, OptionalInt negativeMax, boolean serverTruncates) {
}
