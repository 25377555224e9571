package io.tributary.format;

import io.tributary.clean.FieldConversion;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The values of short fields that repeat within a column (ASCII, or any UTF-8 text), made once and handed out again:
 * most columns of real files hold a few hundred distinct codes, categories, small numbers and
 * dates, and making a string (and converting it) per field is most of a reader's work. The value
 * is the field's string, or what the pass's {@link FieldConversion} makes of it (conversions are
 * pure, so a remembered value is the one a new conversion would give). Per column a table of at
 * most {@value #SLOTS} values; a column whose values mostly miss (ids, prices) is left alone after
 * {@value #TRIAL} fields ({@link ColumnTables}), its values then converted straight from their
 * bytes where the conversion can ({@link FieldConversion#convertAscii}).
 */
final class RepeatedValues {

    static final int MAX_LENGTH = 24;
    static final int SLOTS = 2048;
    static final int TRIAL = 4096;
    private static final int PROBES = 4;

    private final ColumnTables<Column> columns = new ColumnTables<>(Column::new);
    private final FieldConversion conversion;

    /** The fields' strings. */
    RepeatedValues() {
        this((column, text) -> text);
    }

    /** The fields' values by this conversion. */
    RepeatedValues(FieldConversion conversion) {
        this.conversion = conversion;
    }

    private static final class Column extends ColumnTables.Table {
        final int[] hashes = new int[SLOTS];
        final byte[][] keys = new byte[SLOTS][];
        final Object[] values = new Object[SLOTS];

        Column() {
            super(TRIAL);
        }
    }

    /**
     * The value of {@code buf[from, from + length)}, ASCII, whose {@link String#hashCode()} is
     * {@code hash}, in this column.
     */
    Object value(int column, byte[] buf, int from, int length, int hash) {
        return value(column, buf, from, length, hash, true);
    }

    /**
     * The value of {@code buf[from, from + length)}, any UTF-8 text (a city's name, say), whose bytes
     * hash to {@code hash} (any hash of them, the same for the same bytes), in this column.
     */
    Object utf8Value(int column, byte[] buf, int from, int length, int hash) {
        return value(column, buf, from, length, hash, false);
    }

    private Object value(int column, byte[] buf, int from, int length, int hash, boolean ascii) {
        if (length > MAX_LENGTH) {
            return unremembered(column, buf, from, length, ascii);
        }
        Column c = columns.of(column);
        if (!c.lookup()) {
            return unremembered(column, buf, from, length, ascii);
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        for (int probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
            byte[] key = c.keys[slot];
            if (key == null) {
                Object v = conversion.convert(column, text(buf, from, length, ascii));
                c.keys[slot] = Arrays.copyOfRange(buf, from, from + length);
                c.hashes[slot] = hash;
                c.values[slot] = v;
                c.missed();
                return v;
            }
            if (c.hashes[slot] == hash && key.length == length && same(key, buf, from)) {
                return c.values[slot];
            }
        }
        c.missed();
        return unremembered(column, buf, from, length, ascii);
    }

    /** A value not kept: from the bytes where the conversion can (ASCII), else from a string. */
    private Object unremembered(int column, byte[] buf, int from, int length, boolean ascii) {
        Object v = ascii ? conversion.convertAscii(column, buf, from, length) : FieldConversion.NEEDS_TEXT;
        return v != FieldConversion.NEEDS_TEXT ? v : conversion.convert(column, text(buf, from, length, ascii));
    }

    private static String text(byte[] buf, int from, int length, boolean ascii) {
        return new String(buf, from, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static boolean same(byte[] key, byte[] buf, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != buf[from + i]) {
                return false;
            }
        }
        return true;
    }
}
