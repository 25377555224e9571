package io.tributary.clean;

import java.util.List;

/**
 * Profiles the clean rows for the report: per output column, missing values, min, max, mean, a
 * distinct estimate, and how the values are spread ({@link Distribution}, for the report's charts). A sink like the writers, so it can run on their thread.
 */
public final class OutputProfile implements RowSink {

    private ColumnStats[] stats = new ColumnStats[0];
    private Distribution[] distributions = new Distribution[0];

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
        stats = new ColumnStats[columns.size()];
        distributions = new Distribution[columns.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = ColumnStats.forReport();
            distributions[i] = new Distribution(types.get(i));
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            stats[i].add(row[i]);
            distributions[i].add(row[i]);
        }
    }

    ColumnStats column(int i) {
        return stats[i];
    }

    Distribution distribution(int i) {
        return distributions[i];
    }

    @Override
    public void close() {
    }
}
