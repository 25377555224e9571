package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands clean rows to another sink on a thread of its own, a batch at a time, so that formatting
 * and writing the outputs does not hold up cleaning. At most {@value #BATCHES} batches of
 * {@value #BATCH} rows wait. A failure of the writer is thrown by the next call, or by close.
 */
final class BackgroundRowSink implements RowSink {

    static final int BATCH = 1024;
    static final int BATCHES = 8;

    private record Row(long line, int part, Object[] values) {
    }

    private static final List<Row> END = List.of();

    private final RowSink target;
    private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(BATCHES);
    private List<Row> batch = new ArrayList<>(BATCH);
    private Thread writer;
    private volatile Throwable failure;
    private boolean closed;

    BackgroundRowSink(RowSink target) {
        this.target = target;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        target.start(columns, types);
        writer = new Thread(this::write, "tributary-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void write() {
        try {
            while (true) {
                List<Row> rows = queue.take();
                if (rows == END) {
                    return;
                }
                for (Row row : rows) {
                    target.accept(row.line(), row.part(), row.values());
                }
            }
        } catch (Throwable e) {
            failure = e;
            queue.clear();
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        batch.add(new Row(line, part, row.clone()));
        if (batch.size() == BATCH) {
            hand(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    private void hand(List<Row> rows) throws IOException {
        try {
            while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
            rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    private void rethrow() throws IOException {
        Throwable e = failure;
        if (e instanceof IOException io) {
            throw io;
        } else if (e instanceof UncheckedIOException uio) {
            throw uio.getCause();
        } else if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (writer != null) {
                if (!batch.isEmpty() && failure == null) {
                    hand(batch);
                }
                if (failure == null) {
                    hand(END);
                }
                writer.join();
            }
            rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } finally {
            target.close();
        }
    }
}
