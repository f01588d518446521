package dev.wanedit.domain.catalog;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One parameter of a wanx2.1-imageedit {@code function}, with its type, inclusive range and the
 * service's default (protocol notes 1.2; seed 002).
 */
public record ParamSpec(String name, Type type, BigDecimal min, BigDecimal max, Object defaultValue) {

    /** The JSON type of a parameter. */
    public enum Type { INTEGER, DECIMAL, BOOLEAN }

    public static ParamSpec decimal(String name, String min, String max, double defaultValue) {
        return new ParamSpec(name, Type.DECIMAL, new BigDecimal(min), new BigDecimal(max), defaultValue);
    }

    public static ParamSpec integer(String name, int min, int max, int defaultValue) {
        return new ParamSpec(name, Type.INTEGER, BigDecimal.valueOf(min), BigDecimal.valueOf(max), defaultValue);
    }

    public static ParamSpec bool(String name, boolean defaultValue) {
        return new ParamSpec(name, Type.BOOLEAN, null, null, defaultValue);
    }

    /**
     * Converts a value given as text or as a JSON-like object into this parameter's type.
     *
     * @return the typed value (Integer, Double or Boolean)
     * @throws IllegalArgumentException with a message naming the rule, when the value is not of
     *     the type or out of range
     */
    public Object coerce(Object value) {
        String text = String.valueOf(value).trim();
        return switch (type) {
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                String t = text.toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("false")) {
                    yield Boolean.valueOf(t);
                }
                throw new IllegalArgumentException("must be true or false");
            }
            case INTEGER -> {
                BigDecimal d = number(text, "an integer");
                if (d.stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException("must be an integer from " + min + " to " + max);
                }
                checkRange(d);
                yield d.intValueExact();
            }
            case DECIMAL -> {
                BigDecimal d = number(text, "a number");
                checkRange(d);
                yield d.doubleValue();
            }
        };
    }

    private BigDecimal number(String text, String what) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be " + what + " from " + min + " to " + max);
        }
    }

    private void checkRange(BigDecimal d) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be between " + min.toPlainString() + " and " + max.toPlainString());
        }
    }
}
