package io.tributary.format;

import io.tributary.clean.RowSource;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What the CSV readers share: the header (or generated {@code column_1, column_2, ...} names when
 * the file has none, the first record then being data), and reading one record ahead. A reader
 * supplies {@link #read()}; an I/O failure ends the file as one broken record.
 */
abstract class CsvRecords implements RowSource {

    private List<String> columns = List.of();
    private SourceRecord next;
    private boolean finished;

    /** The next record, or null at the end of the file. */
    protected abstract SourceRecord read() throws IOException;

    /** The line a read failure is reported on. */
    protected abstract long failureLine();

    /** Reads the first record as the header, or as data named column_1, column_2, ... */
    protected final void readHeader(boolean header) throws IOException {
        SourceRecord first = read();
        if (first == null) {
            return;
        }
        if (header) {
            if (first.error() != null) {
                throw new IOException("cannot read the header (line 1): " + first.error());
            }
            columns = first.fields().stream().map(f -> f == null ? "" : f.trim()).toList();
        } else {
            List<String> generated = new ArrayList<>();
            for (int i = 1; i <= first.fields().size(); i++) {
                generated.add("column_" + i);
            }
            columns = List.copyOf(generated);
            next = first;
        }
    }

    /** The columns are known (a later part of a file whose header was read by the first part's reader). */
    protected final void useColumns(List<String> known) {
        columns = List.copyOf(known);
    }

    @Override
    public final List<String> columns() {
        return columns;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !finished) {
            try {
                next = read();
                finished = next == null;
            } catch (IOException e) {
                finished = true;
                next = SourceRecord.broken(failureLine(), "unreadable from here to the end of the file: "
                        + e.getMessage(), null);
            }
        }
        return next != null;
    }

    @Override
    public final SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord record = next;
        next = null;
        return record;
    }
}
