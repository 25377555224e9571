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
         * Opens the file for a pass.
         *
         * @param wanted     the columns (by position) the pass reads, or null for all: a reader may
         *                   give the other fields as empty text (or, converted, as null) instead of
         *                   making their values. Records keep their field count, line numbers and errors.
         * @param conversion how the pass converts fields, or null: a reader may then convert the
         *                   records it can and hand over their values ({@link SourceRecord#values()})
         */
        default RowSource open(Set<Integer> wanted, FieldConversion conversion) throws IOException {
            return open();
        }

        /**
         * Opens the file for a pass in consecutive parts that threads can read at once (one part
         * where the reader cannot split the file). Each part is read by one thread; line numbers
         * count from the part's start, so this is for passes that report no lines. The parts'
         * records in order are the file's only when every part but the last ends at the end of a
         * record: one whose last record is broken (a quoted field the split left open) says they
         * are not, and the pass then reads the file whole ({@link #open(Set, FieldConversion)}).
         */
        default List<RowSource> openParts(Set<Integer> wanted, FieldConversion conversion) throws IOException {
            return List.of(open(wanted, conversion));
        }
    }
}
