package io.tributary.clean;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;

/**
 * Functions callable by name in spec expressions ({@code date(y, m, d)}, {@code lower(s)}, ...).
 * Documented in docs/datasets.md; anything else in Java is out of an expression's reach.
 */
public final class RowFunctions {

    /** A date from its parts; the month may be a number (1-12) or an English month name (full or 3 letters). */
    public LocalDate date(Object year, Object month, Object day) {
        if (year == null || month == null || day == null) {
            return null;
        }
        try {
            return LocalDate.of(toInt(year, "year"), month(month), toInt(day, "day"));
        } catch (DateTimeException e) {
            throw new ValueException("date(" + year + ", " + month + ", " + day + "): " + e.getMessage());
        }
    }

    /** The UTC day of a timestamp (a date stays as it is), e.g. to partition by day. */
    public LocalDate date(Object timestamp) {
        if (timestamp == null) {
            return null;
        }
        if (timestamp instanceof Instant instant) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC);
        }
        if (timestamp instanceof LocalDate date) {
            return date;
        }
        throw new ValueException("date(" + timestamp + "): expects a timestamp or a date");
    }

    public String lower(Object s) {
        return s == null ? null : s.toString().toLowerCase(Locale.ROOT);
    }

    public String upper(Object s) {
        return s == null ? null : s.toString().toUpperCase(Locale.ROOT);
    }

    public String trim(Object s) {
        return s == null ? null : s.toString().trim();
    }

    /**
     * The {@code n}th part of a text split at every {@code separator}, trimmed, as SQL's
     * {@code split_part} counts: 1 is the first, -1 the last; null when there is no such part.
     * {@code split_part("Porto, Portugal", ",", -1)} is {@code "Portugal"}.
     */
    public String split_part(Object s, Object separator, Object n) {
        if (s == null || separator == null || n == null) {
            return null;
        }
        String sep = separator.toString();
        if (sep.isEmpty()) {
            throw new ValueException("split_part: the separator is empty");
        }
        String[] parts = s.toString().split(java.util.regex.Pattern.quote(sep), -1);
        int index = toInt(n, "part number");
        int at = index > 0 ? index - 1 : parts.length + index;
        if (index == 0 || at < 0 || at >= parts.length) {
            return null;
        }
        return parts[at].trim();
    }

    private static int month(Object month) {
        if (month instanceof Number n) {
            return n.intValue();
        }
        String text = month.toString().trim().toUpperCase(Locale.ROOT);
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            return toInt(text, "month");
        }
        for (Month m : Month.values()) {
            if (m.name().equals(text) || (text.length() == 3 && m.name().startsWith(text))) {
                return m.getValue();
            }
        }
        throw new ValueException("'" + month + "' is not a month name or number");
    }

    private static int toInt(Object v, String what) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ValueException("'" + v + "' is not a valid " + what);
        }
    }
}
