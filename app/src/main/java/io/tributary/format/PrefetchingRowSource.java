package io.tributary.format;

import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads another source's records on a thread of its own, a batch at a time, so that parsing the
 * file and cleaning its rows use two cores. At most {@value #BATCHES} batches of
 * {@value #BATCH} records wait, so memory stays bounded however large the file is.
 */
final class PrefetchingRowSource implements RowSource {

    static final int BATCH = 1024;
    static final int BATCHES = 8;
    private static final List<SourceRecord> END = List.of();

    private final RowSource source;
    private final BlockingQueue<List<SourceRecord>> queue = new ArrayBlockingQueue<>(BATCHES);
    private final Thread reader;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private Iterator<SourceRecord> current = List.<SourceRecord>of().iterator();
    private boolean finished;

    PrefetchingRowSource(RowSource source) {
        this.source = source;
        this.reader = new Thread(this::read, "tributary-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void read() {
        try {
            List<SourceRecord> batch = new ArrayList<>(BATCH);
            while (!closed && source.hasNext()) {
                batch.add(source.next());
                if (batch.size() == BATCH) {
                    put(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                put(batch);
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(List<SourceRecord> batch) throws InterruptedException {
        while (!closed && !queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            // waiting for the cleaner to catch up
        }
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && !finished) {
            List<SourceRecord> batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
            if (batch == END) {
                finished = true;
                if (failure != null) {
                    throw failure;
                }
            }
            current = batch.iterator();
        }
        return current.hasNext();
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        queue.clear();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
