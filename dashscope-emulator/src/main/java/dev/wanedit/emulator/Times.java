package dev.wanedit.emulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Time formats of the wire: task times in UTC+8 without a zone marker. */
final class Times {
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter TASK_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(CHINA);
    private static final DateTimeFormatter LIST_FILTER = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(CHINA);

    private Times() {}

    /** {@code YYYY-MM-DD HH:MM:SS.mmm} in UTC+8. */
    static String taskTime(Instant t) {
        return TASK_TIME.format(t);
    }

    static String day(Instant t) {
        return DAY.format(t);
    }

    /** Parses a task-list filter {@code YYYYMMDDhhmmss}, read as UTC+8. */
    static Instant listFilter(String text, String name) throws ApiError {
        try {
            return LocalDateTime.parse(text, LIST_FILTER).toInstant(CHINA);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("Parameter " + name + " must have the format YYYYMMDDhhmmss, got '" + text + "'.");
        }
    }
}
