package io.tributary.clean;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The types a dataset spec can declare for a column, and how a text value becomes one. */
public enum ColumnType {
    STRING, INT, LONG, DOUBLE, DECIMAL, BOOLEAN, DATE;

    public static ColumnType of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SpecException("unknown column type '" + name + "' (expected one of string, int, long, "
                    + "double, decimal, boolean, date)");
        }
    }

    /**
     * Converts a non-missing text value.
     *
     * @param dateFormat the input pattern for {@link #DATE}; ISO-8601 when null
     * @throws ValueException naming the value and the expected type when it does not convert
     */
    public Object parse(String text, DateTimeFormatter dateFormat) {
        String value = this == STRING ? text : text.trim();
        try {
            return switch (this) {
                case STRING -> text;
                case INT -> Integer.valueOf(value);
                case LONG -> Long.valueOf(value);
                case DOUBLE -> {
                    double d = Double.parseDouble(value);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield d;
                }
                case DECIMAL -> new BigDecimal(value);
                case BOOLEAN -> parseBoolean(value);
                case DATE -> dateFormat == null ? LocalDate.parse(value) : LocalDate.parse(value, dateFormat);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ValueException("'" + text + "' is not a valid " + name().toLowerCase(Locale.ROOT));
        }
    }

    private static Boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> throw new NumberFormatException();
        };
    }
}
