package io.tributary.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of short ASCII field values that repeat within a column, made once and handed out
 * again: most columns of real files hold a few hundred distinct codes, categories and small
 * numbers, and a new string per field is most of a reader's garbage. Per column a table of at
 * most {@value #SLOTS} values; a column whose values mostly miss (ids, prices) is left alone
 * after {@value #TRIAL} fields ({@link ColumnTables}). The strings are equal to new ones, so
 * nothing downstream changes.
 */
final class RepeatedText {

    static final int MAX_LENGTH = 24;
    static final int SLOTS = 2048;
    static final int TRIAL = 4096;
    private static final int PROBES = 4;

    private final ColumnTables<Column> columns = new ColumnTables<>(Column::new);

    private static final class Column extends ColumnTables.Table {
        final int[] hashes = new int[SLOTS];
        final byte[][] keys = new byte[SLOTS][];
        final String[] values = new String[SLOTS];

        Column() {
            super(TRIAL);
        }
    }

    /**
     * The string of {@code buf[from, from + length)}, ASCII, whose {@link String#hashCode()} is
     * {@code hash}.
     */
    String text(int column, byte[] buf, int from, int length, int hash) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_LENGTH) {
            return new String(buf, from, length, StandardCharsets.ISO_8859_1);
        }
        Column c = columns.of(column);
        if (!c.lookup()) {
            return new String(buf, from, length, StandardCharsets.ISO_8859_1);
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        for (int probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
            byte[] key = c.keys[slot];
            if (key == null) {
                String s = new String(buf, from, length, StandardCharsets.ISO_8859_1);
                c.keys[slot] = Arrays.copyOfRange(buf, from, from + length);
                c.hashes[slot] = hash;
                c.values[slot] = s;
                c.missed();
                return s;
            }
            if (c.hashes[slot] == hash && key.length == length && same(key, buf, from)) {
                return c.values[slot];
            }
        }
        c.missed();
        return new String(buf, from, length, StandardCharsets.ISO_8859_1);
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
