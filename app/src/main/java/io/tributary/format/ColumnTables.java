package io.tributary.format;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One table per column of the values that repeat in it ({@link RepeatedValues} on the reading
 * side, {@link EncodedText} on the writing side), made when a column is first used. A table
 * counts its lookups and misses and switches itself off when most of its first lookups missed:
 * a column of ids or free text is then left alone.
 *
 * @param <T> a column's table
 */
final class ColumnTables<T extends ColumnTables.Table> {

    /** What every column's table keeps of its own use. */
    static class Table {
        private final int trial;
        private int lookups;
        private int misses;
        private boolean off;

        Table(int trial) {
            this.trial = trial;
        }

        /** Whether the table is in use; counts a lookup when it is. */
        boolean lookup() {
            if (off) {
                return false;
            }
            lookups++;
            return true;
        }

        /** Counts a miss: more than half of the first {@code trial} lookups missing switches the table off. */
        void missed() {
            if (++misses > trial / 2 && lookups <= trial) {
                off = true;
            }
        }

        boolean off() {
            return off;
        }
    }

    private final Supplier<T> newTable;
    private Object[] tables = new Object[0];

    ColumnTables(Supplier<T> newTable) {
        this.newTable = newTable;
    }

    /** The column's table, made on first use. */
    @SuppressWarnings("unchecked")
    T of(int column) {
        if (column >= tables.length) {
            tables = Arrays.copyOf(tables, column + 1);
        }
        Object table = tables[column];
        if (table == null) {
            table = tables[column] = newTable.get();
        }
        return (T) table;
    }
}
