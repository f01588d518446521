package dev.wanedit.adapter.cli;

import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.job.JobId;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.PaletteColor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters from option text to domain values. The parsing itself is the domain's
 * ({@link Region#parse}, {@link BoundingBox#parse}, {@link PaletteColor#parse}, {@link JobId});
 * these only turn its complaints into usage errors.
 */
final class Converters {

    private Converters() {
    }

    /** {@code beijing}, {@code singapore} or a cloud region id. */
    static final class RegionConverter implements ITypeConverter<Region> {
        @Override
        public Region convert(String value) {
            try {
                return Region.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A local job id as printed by {@code wanedit jobs}. */
    static final class JobIdConverter implements ITypeConverter<JobId> {
        @Override
        public JobId convert(String value) {
            try {
                return new JobId(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + "; `wanedit jobs` lists the job ids");
            }
        }
    }

    /**
     * The boxes of one input image: {@code x1,y1,x2,y2} boxes separated by {@code ;}, or an empty
     * string for an image without boxes.
     */
    static final class BoxesConverter implements ITypeConverter<List<BoundingBox>> {
        @Override
        public List<BoundingBox> convert(String value) {
            try {
                return BoundingBox.parseList(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code #RRGGBB:percent}. */
    static final class PaletteConverter implements ITypeConverter<PaletteColor> {
        @Override
        public PaletteColor convert(String value) {
            try {
                return PaletteColor.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(?i)\\s*(\\d+)\\s*(ms|s|m|h|d|w)\\s*");
    private static final Pattern COMPOUND = Pattern.compile("(?i)(\\d+)(ms|s|m|h|d|w)");

    /** {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}, or ISO-8601 {@code PT10M}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static Duration parseDuration(String value) {
        String v = value.trim();
        if (v.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return nonNegative(Duration.parse(v.toUpperCase(Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("\"" + value + "\" is not a duration such as 90s, 10m, 1h30m or PT10M");
            }
        }
        Matcher whole = Pattern.compile("(?i)(\\d+(ms|s|m|h|d|w))+").matcher(v);
        if (!whole.matches()) {
            throw new TypeConversionException("\"" + value + "\" is not a duration such as 90s, 10m, 1h30m or PT10M");
        }
        Duration total = Duration.ZERO;
        Matcher m = COMPOUND.matcher(v);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        return total;
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new TypeConversionException("\"" + text + "\" is negative");
        }
        return d;
    }

    /** A point in time for {@code --since}: a duration back from now, a date (UTC) or an instant. */
    record Since(Duration ago, Instant at) {

        Instant resolve(Instant now) {
            return at != null ? at : now.minus(ago);
        }

        @Override
        public String toString() {
            return at != null ? at.toString() : ago.toString();
        }
    }

    /** {@code 2h}, {@code 1d}, {@code 2026-11-20} (midnight UTC) or {@code 2026-11-20T10:00:00Z}. */
    static final class SinceConverter implements ITypeConverter<Since> {
        @Override
        public Since convert(String value) {
            String v = value.trim();
            if (SHORT_DURATION.matcher(v).matches() || COMPOUND.matcher(v).lookingAt() && !v.contains("-")) {
                return new Since(parseDuration(v), null);
            }
            try {
                return new Since(null, LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException ignored) {
                // not a date; try an instant
            }
            try {
                return new Since(null, OffsetDateTime.parse(v).toInstant());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("\"" + value
                        + "\" is neither a duration back from now (2h, 1d) nor an ISO date (2026-11-20) or time (2026-11-20T10:00:00Z)");
            }
        }
    }
}
