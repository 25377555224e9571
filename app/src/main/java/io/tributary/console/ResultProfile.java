package io.tributary.console;

import io.tributary.clean.ColumnType;
import io.tributary.clean.Distribution;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the charts need of every row of a query's result, in bounded memory whatever the number of
 * rows: how many there are, which columns hold numbers only, and each such column's distribution
 * (binned as the quality report bins a column).
 */
final class ResultProfile implements Consumer<List<Object>> {

    private long rows;
    private boolean[] numeric;
    private boolean[] seen;
    private Distribution[] distributions;

    @Override
    public void accept(List<Object> row) {
        if (numeric == null) {
            numeric = new boolean[row.size()];
            java.util.Arrays.fill(numeric, true);
            seen = new boolean[row.size()];
            distributions = new Distribution[row.size()];
        }
        rows++;
        for (int c = 0; c < numeric.length; c++) {
            Object v = row.get(c);
            if (v == null || !numeric[c]) {
                continue;
            }
            seen[c] = true;
            if (!(v instanceof Number)) {
                numeric[c] = false;
                distributions[c] = null;
                continue;
            }
            if (distributions[c] == null) {
                distributions[c] = new Distribution(whole(v) ? ColumnType.LONG : ColumnType.DOUBLE);
            }
            distributions[c].add(v);
        }
    }

    private static boolean whole(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger;
    }

    long rows() {
        return rows;
    }

    /** Whether column {@code c} holds numbers only, and at least one. */
    boolean numeric(int c) {
        return numeric != null && numeric[c] && seen[c];
    }

    /** The histogram of column {@code c}'s numbers; null when it is not a number column. */
    Distribution.Histogram histogram(int c) {
        return numeric(c) ? distributions[c].histogram() : null;
    }
}
