package io.tributary.format;

import io.tributary.clean.BatchesAhead;
import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads another source's records on a thread of its own ({@link BatchesAhead}), a batch at a
 * time, so that parsing the file and cleaning its rows use two cores. At most {@value #BATCHES}
 * batches of {@value #BATCH} records wait, so memory stays bounded however large the file is.
 */
final class PrefetchingRowSource implements RowSource {

    static final int BATCH = 1024;
    static final int BATCHES = 8;

    private static final class Batch {
        final SourceRecord[] records = new SourceRecord[BATCH];
        int size;
    }

    private final RowSource source;
    private final BatchesAhead<Batch> ahead;
    private Batch current;
    private int at;
    private boolean finished;

    PrefetchingRowSource(RowSource source) {
        this.source = source;
        this.ahead = new BatchesAhead<>("tributary-reader", BATCHES, Batch::new, batch -> {
            batch.size = 0;
            while (batch.size < BATCH && source.hasNext()) {
                batch.records[batch.size++] = source.next();
            }
            return batch.size == BATCH;
        });
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public boolean hasNext() {
        while ((current == null || at == current.size) && !finished) {
            if (current != null) {
                ahead.recycle(current);
            }
            try {
                current = ahead.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            at = 0;
            finished = current == null;
        }
        return !finished;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.records[at++];
    }

    @Override
    public void close() throws IOException {
        ahead.close();
        source.close();
    }
}
