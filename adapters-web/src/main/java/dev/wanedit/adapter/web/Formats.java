package dev.wanedit.adapter.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages write times and durations: UTC, to the second. */
final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** {@code 850 ms}, {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + " min");
    }
}
