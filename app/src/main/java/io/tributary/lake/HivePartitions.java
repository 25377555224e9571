package io.tributary.lake;

import io.tributary.clean.JsonValue;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Hive-style partition folders ({@code col=value/}) as Hive, Glue, Athena, Spark and DuckDB write
 * and read them: the characters Hive escapes become {@code %XX} (upper-case hex, as Hive's
 * {@code FileUtils.escapePathName}); a missing or empty value is {@value #DEFAULT_PARTITION}.
 * Other characters, non-ASCII letters included, stay as they are: Hive unescapes {@code %XX} to
 * one character, so a UTF-8 byte written as {@code %C3} would read back as another letter.
 */
public final class HivePartitions {

    /** The folder of rows whose partition value is missing (Hive's name, which Athena and Spark read as null). */
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

    private static final boolean[] ESCAPED = new boolean[128];

    static {
        for (char c = 0; c < ' '; c++) {
            ESCAPED[c] = true;
        }
        for (char c : "\"#%'*/:=?\\\u007F{[]^".toCharArray()) {
            ESCAPED[c] = true;
        }
    }

    private HivePartitions() {
    }

    /** The folder name of one partition value: {@code column=escaped value}. */
    public static String folder(String column, Object value) {
        return escape(column) + "=" + escapedValue(value);
    }

    /** A value as its partition folder holds it: dates and timestamps as ISO-8601, numbers in plain digits. */
    static String escapedValue(Object value) {
        String text = text(value);
        return text == null || text.isEmpty() ? DEFAULT_PARTITION : escape(text);
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof JsonValue j) {
            return j.json();
        }
        return value.toString();
    }

    /** Hive's escaping of a path name. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && ESCAPED[c]) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
