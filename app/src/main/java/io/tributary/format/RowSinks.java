package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.util.List;

/** Fans each clean row out to several sinks (CSV and JSON Lines in one pass over the input). */
public final class RowSinks implements RowSink {

    private final List<RowSink> sinks;

    public RowSinks(List<RowSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        for (RowSink sink : sinks) {
            sink.start(columns, types);
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        for (RowSink sink : sinks) {
            sink.accept(line, part, row);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RowSink sink : sinks) {
            try {
                sink.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
