package io.tributary.clean;

import java.util.List;

/**
 * Profiles the clean rows for the report: per output column, missing values, min, max, mean and
 * a distinct estimate. A sink like the writers, so it can run on their thread.
 */
public final class OutputProfile implements RowSink {

    private ColumnStats[] stats = new ColumnStats[0];

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
        stats = new ColumnStats[columns.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = ColumnStats.forReport();
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            stats[i].add(row[i]);
        }
    }

    ColumnStats column(int i) {
        return stats[i];
    }

    @Override
    public void close() {
    }
}
