package io.tributary.clean;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** A streaming reader of one raw file: its column names, then its records one at a time. */
public interface RowSource extends Iterator<SourceRecord>, Closeable {
    List<String> columns();

    /** Opens a file's records from the start; rules that need two passes open it twice. */
    @FunctionalInterface
    interface Opener {
        RowSource open() throws IOException;

        /**
         * Opens the file for a pass that reads only some columns (by position): a reader may then
         * give the other fields as empty text instead of making their values. Records keep their
         * field count, line numbers and errors.
         */
        default RowSource open(Set<Integer> wanted) throws IOException {
            return open();
        }
    }
}
