package io.tributary.clean;

import java.util.Locale;

/** The types a dataset spec can declare for a column. {@link ValueParser} turns text into them. */
public enum ColumnType {
    STRING, INT, LONG, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP,
    /** Nested JSON (an object or array, or any JSON value), kept as JSON: {@link JsonValue}. */
    JSON;

    public static ColumnType of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SpecException("unknown column type '" + name + "' (expected one of string, int, long, "
                    + "double, decimal, boolean, date, timestamp, json)");
        }
    }

    public boolean isNumeric() {
        return this == INT || this == LONG || this == DOUBLE || this == DECIMAL;
    }

    /** The name a spec uses: {@code int}, {@code timestamp}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a Java value already is of this type (as {@link ValueParser} makes them). */
    public boolean holds(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case INT -> value instanceof Integer;
            case LONG -> value instanceof Long;
            case DOUBLE -> value instanceof Double;
            case DECIMAL -> value instanceof java.math.BigDecimal;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof java.time.LocalDate;
            case TIMESTAMP -> value instanceof java.time.Instant;
            case JSON -> value instanceof JsonValue;
        };
    }

    /** Converts a non-missing text value with the default formats (ISO-8601 dates and timestamps, UTC). */
    public Object parse(String text) {
        return ValueParser.of(this).parse(text);
    }
}
