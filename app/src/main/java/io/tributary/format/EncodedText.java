package io.tributary.format;

import java.util.Arrays;

/**
 * A writer's encoded bytes of the short text values that repeat within a column (codes,
 * categories), so that each is quoted and escaped once rather than once per row. Per column a
 * table of at most {@value #SLOTS} values; a column whose values mostly miss (ids, free text) is
 * left alone after {@value #TRIAL} lookups ({@link ColumnTables}).
 */
final class EncodedText {

    static final int MAX_LENGTH = 32;
    static final int SLOTS = 1024;
    static final int TRIAL = 4096;

    private final ColumnTables<Column> columns = new ColumnTables<>(Column::new);

    private static final class Column extends ColumnTables.Table {
        final String[] keys = new String[SLOTS];
        final byte[][] bytes = new byte[SLOTS][];

        Column() {
            super(TRIAL);
        }
    }

    /** The encoded bytes of {@code s} in this column, or null when they are not kept. */
    byte[] get(int column, String s) {
        if (s.length() > MAX_LENGTH) {
            return null;
        }
        Column c = columns.of(column);
        if (!c.lookup()) {
            return null;
        }
        int h = s.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String key = c.keys[slot];
        if (key == s || (key != null && key.hashCode() == h && key.equals(s))) {
            return c.bytes[slot];
        }
        c.missed();
        return null;
    }

    /** Keeps the bytes {@code b[from, to)} as the encoding of {@code s} in this column (after a miss). */
    void put(int column, String s, byte[] b, int from, int to) {
        Column c = columns.of(column);
        if (s.length() > MAX_LENGTH || c.off()) {
            return;
        }
        int h = s.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        c.keys[slot] = s;
        c.bytes[slot] = Arrays.copyOfRange(b, from, to);
    }
}
