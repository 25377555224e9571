package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;
import io.tributary.clean.ThreadFailure;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands clean rows to another sink on a thread of its own, a batch at a time, so that formatting
 * and writing the outputs does not hold up cleaning. At most {@value #BATCHES} batches of
 * {@value #BATCH} rows wait. A failure of the writer is thrown by the next call, or by close.
 */
public final class BackgroundRowSink implements RowSink {

    static final int BATCH = 1024;
    static final int BATCHES = 8;

    /** Rows handed over together; the writer gives the arrays back for the next batch. */
    private static final class Batch {
        final long[] lines = new long[BATCH];
        final int[] parts = new int[BATCH];
        final Object[][] rows;
        int size;

        Batch(int width) {
            rows = new Object[BATCH][width];
        }
    }

    private static final Batch END = new Batch(0);

    private final RowSink target;
    private final String threadName;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES + 2);
    private int width;
    private Batch batch;
    private Thread writer;
    private volatile Throwable failure;
    private boolean closed;

    BackgroundRowSink(RowSink target) {
        this(target, "tributary-writer");
    }

    private BackgroundRowSink(RowSink target, String threadName) {
        this.target = target;
        this.threadName = threadName;
    }

    /** A sink whose rows are written by {@code target} on a thread of its own (an encoder as costly as Parquet's). */
    public static RowSink onItsOwnThread(RowSink target, String threadName) {
        return new BackgroundRowSink(target, threadName);
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        target.start(columns, types);
        width = columns.size();
        batch = new Batch(width);
        writer = new Thread(this::write, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    private void write() {
        try {
            while (true) {
                Batch rows = queue.take();
                if (rows == END) {
                    return;
                }
                for (int i = 0; i < rows.size; i++) {
                    target.accept(rows.lines[i], rows.parts[i], rows.rows[i]);
                }
                rows.size = 0;
                free.offer(rows);
            }
        } catch (Throwable e) {
            failure = e;
            queue.clear();
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        Batch b = batch;
        int i = b.size++;
        b.lines[i] = line;
        b.parts[i] = part;
        System.arraycopy(row, 0, b.rows[i], 0, width);
        if (b.size == BATCH) {
            hand(b);
            Batch recycled = free.poll();
            batch = recycled != null ? recycled : new Batch(width);
        }
    }

    private void hand(Batch rows) throws IOException {
        try {
            while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                ThreadFailure.rethrow(failure);
            }
            ThreadFailure.rethrow(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
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
                if (batch != null && batch.size > 0 && failure == null) {
                    hand(batch);
                }
                if (failure == null) {
                    hand(END);
                }
                writer.join();
            }
            ThreadFailure.rethrow(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } finally {
            target.close();
        }
    }
}
