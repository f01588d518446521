package dev.wanedit.domain.request;

/**
 * One broken rule of an edit request: the field, the offending value (already quoted or
 * described for display, may be empty) and the rule, in words a person understands, e.g.
 * {@code images[2] "shelf.webp": height 380 px is below the minimum 384 px for wan2.5-i2i-preview}.
 */
public record Violation(String field, String value, String rule, Severity severity) {

    /** An error stops the request; a warning is reported and, in strict mode, stops it too. */
    public enum Severity { ERROR, WARNING }

    public Violation {
        if (field == null || field.isBlank() || rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("a violation names its field and rule");
        }
        value = value == null ? "" : value;
        if (severity == null) {
            severity = Severity.ERROR;
        }
    }

    public static Violation error(String field, String value, String rule) {
        return new Violation(field, value, rule, Severity.ERROR);
    }

    public static Violation warning(String field, String value, String rule) {
        return new Violation(field, value, rule, Severity.WARNING);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public Violation asError() {
        return new Violation(field, value, rule, Severity.ERROR);
    }

    /** The message: {@code field value: rule}. */
    public String message() {
        return field + (value.isEmpty() ? "" : " " + value) + ": " + rule;
    }

    @Override
    public String toString() {
        return message();
    }
}
