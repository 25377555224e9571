package io.tributary.clean;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Reads the ISO-8601 shapes most files write dates and timestamps in straight from their
 * characters, without a {@link java.time.format.DateTimeFormatter} (whose general parsing costs
 * microseconds a value, and timestamps rarely repeat):
 * <ul>
 *   <li>a date {@code yyyy-MM-dd};</li>
 *   <li>a timestamp {@code yyyy-MM-dd}, {@code T} or a space, {@code HH:mm}, optionally {@code :ss}
 *       and a fraction of 1 to 9 digits, then optionally {@code Z} or an offset {@code +HH:MM}
 *       ({@code T} and {@code Z} in either case).</li>
 * </ul>
 * Any other text, or one whose fields are out of range ({@code 2024-02-30}), gives null: the
 * caller's formatter then reads it, or says what is wrong with it. What is read here is read as
 * {@link ValueParser}'s ISO formats read it (the formatter is the oracle of the tests).
 */
final class IsoDateTimes {

    private IsoDateTimes() {
    }

    /** The date of a {@code yyyy-MM-dd} text, or null. */
    static LocalDate date(String s) {
        if (s.length() != 10 || !dateShape(s)) {
            return null;
        }
        try {
            return LocalDate.of(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instant of a timestamp text of the shape above (one without an offset in {@code zone}), or null. */
    static Instant timestamp(String s, ZoneId zone) {
        int n = s.length();
        if (n < 16 || !dateShape(s)) {
            return null;
        }
        char t = s.charAt(10);
        if ((t != 'T' && t != 't' && t != ' ') || !digit(s, 11) || !digit(s, 12) || s.charAt(13) != ':'
                || !digit(s, 14) || !digit(s, 15)) {
            return null;
        }
        int second = 0;
        int nano = 0;
        int p = 16;
        if (p < n && s.charAt(p) == ':') {
            if (p + 2 >= n || !digit(s, p + 1) || !digit(s, p + 2)) {
                return null;
            }
            second = digits(s, p + 1, 2);
            p += 3;
            if (p < n && s.charAt(p) == '.') {
                int from = ++p;
                while (p < n && digit(s, p)) {
                    p++;
                }
                int length = p - from;
                if (length < 1 || length > 9) {
                    return null;
                }
                nano = digits(s, from, length);
                for (int i = length; i < 9; i++) {
                    nano *= 10;
                }
            }
        }
        ZoneOffset offset = null;
        if (p < n) {
            char c = s.charAt(p);
            if ((c == 'Z' || c == 'z') && p + 1 == n) {
                offset = ZoneOffset.UTC;
            } else if ((c == '+' || c == '-') && p + 6 == n && digit(s, p + 1) && digit(s, p + 2)
                    && s.charAt(p + 3) == ':' && digit(s, p + 4) && digit(s, p + 5)) {
                int hours = digits(s, p + 1, 2);
                int minutes = digits(s, p + 4, 2);
                try {
                    offset = c == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes)
                            : ZoneOffset.ofHoursMinutes(-hours, -minutes);
                } catch (DateTimeException e) {
                    return null;
                }
            } else {
                return null;
            }
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2),
                    digits(s, 14, 2), second, nano);
        } catch (DateTimeException e) {
            return null;
        }
        if (offset == null) {
            return zone instanceof ZoneOffset o ? time.toInstant(o) : ZonedDateTime.of(time, zone).toInstant();
        }
        return time.toInstant(offset);
    }

    /** Whether the text starts {@code dddd-dd-dd}. */
    private static boolean dateShape(String s) {
        return digit(s, 0) && digit(s, 1) && digit(s, 2) && digit(s, 3) && s.charAt(4) == '-' && digit(s, 5)
                && digit(s, 6) && s.charAt(7) == '-' && digit(s, 8) && digit(s, 9);
    }

    private static boolean digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }

    /** The number the {@code length} digits from {@code from} write. */
    private static int digits(String s, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
