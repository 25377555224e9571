package io.tributary.clean;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where clean rows go, one at a time: a CSV writer, a JSON Lines writer, ... */
public interface RowSink extends Closeable {

    /** Called once before the first row with the output columns and their types. */
    void start(List<String> columns, List<ColumnType> types) throws IOException;

    /**
     * One clean row: values are null, String, Integer, Long, Double, BigDecimal, Boolean,
     * LocalDate or Instant. The array is reused for the next row.
     *
     * @param line the row's first line in the raw file (its stable position, for keys and lineage)
     * @param part 0, or the element number (from 1) when an unnested JSON array made several rows of one record
     */
    void accept(long line, int part, Object[] row) throws IOException;
}
