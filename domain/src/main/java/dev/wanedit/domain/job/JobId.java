package dev.wanedit.domain.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A local job id that sorts by creation time and is safe as a folder name, e.g.
 * {@code 20261121-101530-123-k3f9q2}: UTC date, time, milliseconds, then six random base-36
 * characters so that jobs created in the same millisecond never collide.
 */
public record JobId(String value) implements Comparable<JobId> {

    private static final Pattern FORMAT = Pattern.compile("\\d{8}-\\d{6}-\\d{3}-[0-9a-z]{6}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    public JobId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("job id \"" + value + "\" is not of the form yyyyMMdd-HHmmss-SSS-xxxxxx");
        }
    }

    public static JobId generate(Instant at, RandomGenerator random) {
        StringBuilder b = new StringBuilder(STAMP.format(at)).append('-');
        for (int i = 0; i < 6; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new JobId(b.toString());
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    @Override
    public int compareTo(JobId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
