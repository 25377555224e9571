package io.tributary.clean;

import com.fasterxml.jackson.core.io.NumberInput;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one column's text values into its declared type. Dates become {@link LocalDate},
 * timestamps {@link Instant} (written as ISO-8601 UTC, e.g. {@code 2024-03-01T09:30:00Z}).
 * A date or timestamp column may list several input formats, tried in order; a timestamp format
 * may also be {@code epoch_seconds} or {@code epoch_millis}. A timestamp without a zone is read
 * in the column's time zone (UTC unless the spec says otherwise).
 *
 * <p>Date and time texts repeat a lot in real files, so up to {@value #MEMO_LIMIT} distinct texts
 * per column are remembered with their value (a reader's thread and the cleaning thread may both
 * convert a column's fields).
 */
public final class ValueParser {

    static final int MEMO_LIMIT = 8192;
    private static final DateTimeFormatter ISO_TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']')
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Map<ColumnType, ValueParser> DEFAULTS = new EnumMap<>(ColumnType.class);

    static {
        for (ColumnType t : ColumnType.values()) {
            DEFAULTS.put(t, new ValueParser(t, List.of(), ZoneOffset.UTC));
        }
    }

    private final ColumnType type;
    private final List<String> formatNames;
    private final List<DateTimeFormatter> formats = new ArrayList<>();
    private final ZoneId zone;
    private final Map<String, Object> memo;

    public ValueParser(ColumnType type, List<String> formats, ZoneId zone) {
        this.type = type;
        this.formatNames = List.copyOf(formats);
        for (String f : formats) {
            this.formats.add(formatter(f));
        }
        this.zone = zone;
        this.memo = type == ColumnType.DATE || type == ColumnType.TIMESTAMP ? new ConcurrentHashMap<>() : null;
    }

    /** The shared parser of a type with default formats (stateless types only, or thread-confined use). */
    static ValueParser of(ColumnType type) {
        return type == ColumnType.DATE || type == ColumnType.TIMESTAMP
                ? new ValueParser(type, List.of(), ZoneOffset.UTC) : DEFAULTS.get(type);
    }

    public ColumnType type() {
        return type;
    }

    /**
     * A formatter for a spec's format text; null for {@code epoch_seconds}, {@code epoch_millis}
     * and {@code iso}, which are handled without one.
     *
     * @throws IllegalArgumentException when the text is not a pattern
     */
    static DateTimeFormatter formatter(String pattern) {
        return switch (pattern.toLowerCase(Locale.ROOT)) {
            case "epoch_seconds", "epoch_millis", "iso" -> null;
            // strict: 2024-02-30 is an error, not 2024-02-29; 'y' (year of era) becomes 'u' so that
            // strict resolution does not also need an era
            default -> new DateTimeFormatterBuilder().parseCaseInsensitive()
                    .appendPattern(pattern.indexOf('G') >= 0 ? pattern : pattern.replace('y', 'u'))
                    .toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
        };
    }

    /**
     * Converts a non-missing text value.
     *
     * @throws ValueException naming the value and the expected type when it does not convert
     */
    public Object parse(String text) {
        String value = type == ColumnType.STRING ? text : text.trim();
        try {
            return switch (type) {
                case STRING -> text;
                case INT -> parseInt(value);
                case LONG -> parseLong(value);
                case DOUBLE -> {
                    double d = plainDecimal(value);
                    if (Double.isNaN(d)) {
                        d = NumberInput.parseDouble(value, true);
                    }
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield d;
                }
                case DECIMAL -> dynamoDbNumber(text, new BigDecimal(value));
                case BOOLEAN -> parseBoolean(value);
                case DATE, TIMESTAMP -> memoized(value);
                case JSON -> JsonValue.parse(value);
            };
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            String expected = formatNames.isEmpty() ? type.label()
                    : type.label() + " in format " + String.join(" or ", formatNames);
            throw new ValueException("'" + text + "' is not a valid " + expected);
        }
    }

    /**
     * A decimal as DynamoDB's numbers hold it: at most 38 significant digits, and zero or a
     * magnitude from 1E-130 to below 1E+126. Beyond that, the table would refuse the whole batch
     * the row is loaded in, so the row is rejected here, saying why.
     */
    private static BigDecimal dynamoDbNumber(String text, BigDecimal d) {
        if (d.signum() == 0) {
            return d;
        }
        BigDecimal digits = d.stripTrailingZeros();
        int significant = digits.precision();
        long exponent = (long) significant - digits.scale() - 1;
        if (significant > 38) {
            throw new ValueException("'" + text + "' has " + significant
                    + " significant digits; a decimal holds at most 38 (as DynamoDB's numbers do)");
        }
        if (exponent < -130 || exponent > 125) {
            throw new ValueException("'" + text + "' is out of a decimal's range, 1E-130 to 9.99E+125"
                    + " (DynamoDB's numbers)");
        }
        return d;
    }

    private static final double[] POWERS_OF_TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** {@link #plainDecimal(byte[], int, int)} of a string. */
    static double plainDecimal(String s) {
        int n = s.length();
        if (n > 17) {
            return Double.NaN; // more than a sign, 15 digits and a point
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0x7F) {
                return Double.NaN;
            }
            b[i] = (byte) c;
        }
        return plainDecimal(b, 0, n);
    }

    /**
     * The value of a plain decimal such as {@code 82}, {@code -0.5} or {@code 231.72} with at most
     * 15 digits, exactly as {@link Double#parseDouble} reads it (the digits and the power of ten are
     * both exact doubles, so the one division rounds correctly); NaN for any other text, which the
     * full parser then reads.
     */
    static double plainDecimal(byte[] s, int from, int length) {
        int end = from + length;
        int i = from;
        boolean negative = false;
        if (length > 0 && (s[i] == '-' || s[i] == '+')) {
            negative = s[i] == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (; i < end; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                if (++count > 15) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        double d = fraction > 0 ? digits / POWERS_OF_TEN[fraction] : digits;
        return negative ? -d : d;
    }

    /**
     * The value of an ASCII number in this parser's type read straight from its bytes: a plain
     * decimal in a double column, up to 9 (int) or 18 (long) digits with an optional sign in a
     * whole-number column; exactly what {@link #parse} gives for its text. Null for any other
     * text or type, which {@link #parse} then reads.
     */
    Object plainNumber(byte[] b, int from, int length) {
        switch (type) {
            case DOUBLE -> {
                double d = plainDecimal(b, from, length);
                return Double.isNaN(d) ? null : d;
            }
            case INT, LONG -> {
                int i = from;
                int end = from + length;
                boolean negative = false;
                if (length > 0 && (b[i] == '-' || b[i] == '+')) {
                    negative = b[i] == '-';
                    i++;
                }
                if (i == end || end - i > (type == ColumnType.INT ? 9 : 18)) {
                    return null;
                }
                long n = 0;
                for (; i < end; i++) {
                    int digit = b[i] - '0';
                    if (digit < 0 || digit > 9) {
                        return null;
                    }
                    n = n * 10 + digit;
                }
                if (negative) {
                    n = -n;
                }
                if (type == ColumnType.LONG) {
                    return n;
                }
                return n >= 0 && n < SMALL_INTS.length ? SMALL_INTS[(int) n] : Integer.valueOf((int) n);
            }
            default -> {
                return null;
            }
        }
    }

    private Object memoized(String value) {
        Object known = memo.get(value);
        if (known != null) {
            return known;
        }
        Object parsed = type == ColumnType.DATE ? parseDate(value) : parseTimestamp(value);
        if (memo.size() < MEMO_LIMIT) {
            memo.put(value, parsed);
        }
        return parsed;
    }

    /** Boxed whole numbers 0-9999 (counts, codes, years), made once. */
    private static final Integer[] SMALL_INTS = new Integer[10_000];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = i;
        }
    }

    private static Integer parseInt(String value) {
        try {
            int n = Integer.parseInt(value);
            return n >= 0 && n < SMALL_INTS.length ? SMALL_INTS[n] : Integer.valueOf(n);
        } catch (NumberFormatException e) {
            // "2.0" is how many exports write a whole number; a fraction is still an error
            return new BigDecimal(value).intValueExact();
        }
    }

    private static Long parseLong(String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            return new BigDecimal(value).longValueExact();
        }
    }

    private LocalDate parseDate(String value) {
        if (formats.isEmpty()) {
            return isoDate(value);
        }
        return firstFormatThatParses(value, (f, name) -> f != null ? LocalDate.parse(value, f)
                : name.equals("iso") ? isoDate(value) : LocalDate.ofInstant(epoch(value, name), zone));
    }

    private Instant parseTimestamp(String value) {
        if (formats.isEmpty()) {
            return isoTimestamp(value);
        }
        return firstFormatThatParses(value, (f, name) -> f != null ? toInstant(f.parse(value))
                : name.equals("iso") ? isoTimestamp(value) : epoch(value, name));
    }

    /** An ISO-8601 date: its common shape read at once, any other by the formatter (which says what is wrong). */
    private static LocalDate isoDate(String value) {
        LocalDate date = IsoDateTimes.date(value);
        return date != null ? date : LocalDate.parse(value);
    }

    private Instant isoTimestamp(String value) {
        Instant instant = IsoDateTimes.timestamp(value, zone);
        return instant != null ? instant : toInstant(ISO_TIMESTAMP.parse(value));
    }

    /** The formatter of timestamps in ISO-8601 (no input format, or {@code iso}): what {@link IsoDateTimes} is tested against. */
    static Instant isoTimestampByFormatter(String value, ZoneId zone) {
        return new ValueParser(ColumnType.TIMESTAMP, List.of(), zone).toInstant(ISO_TIMESTAMP.parse(value));
    }

    /** One way of reading a value: a pattern's formatter, or (null) a named format such as {@code iso}. */
    private interface FormatAttempt<T> {
        T parse(DateTimeFormatter formatter, String name);
    }

    /** Tries the column's formats in order; the first that parses wins, else the last failure is thrown. */
    private <T> T firstFormatThatParses(String value, FormatAttempt<T> attempt) {
        DateTimeException last = null;
        for (int i = 0; i < formats.size(); i++) {
            try {
                return attempt.parse(formats.get(i), formatNames.get(i).toLowerCase(Locale.ROOT));
            } catch (DateTimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Instant epoch(String value, String name) {
        try {
            long n = Long.parseLong(value);
            return name.equals("epoch_millis") ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        } catch (NumberFormatException e) {
            throw new DateTimeParseException("not a whole number", value, 0);
        }
    }

    private Instant toInstant(TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Instant.from(parsed);
        }
        LocalDate date = LocalDate.from(parsed);
        LocalDateTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                ? LocalDateTime.of(date, java.time.LocalTime.from(parsed)) : date.atStartOfDay();
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.of(time, ZoneOffset.from(parsed)).toInstant();
        }
        return ZonedDateTime.of(time, zone).toInstant();
    }

    private static Boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> throw new NumberFormatException();
        };
    }
}
