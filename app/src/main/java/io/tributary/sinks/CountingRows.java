package io.tributary.sinks;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/** A writer that counts the rows it passes on, and says how many when it is closed. */
final class CountingRows implements RowSink {

    private final RowSink target;
    private final LongConsumer count;
    private long rows;

    CountingRows(RowSink target, LongConsumer count) {
        this.target = target;
        this.count = count;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        target.start(columns, types);
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        target.accept(line, part, row);
        rows++;
    }

    @Override
    public void close() throws IOException {
        target.close();
        count.accept(rows);
    }
}
