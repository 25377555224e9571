package io.tributary.format;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.tributary.clean.RejectedRow;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the rows a file could not give, as CSV: {@code line,rule,reason,record}, where record is
 * the row as read (its fields joined, or the raw text of a line that was not JSON).
 */
public final class RejectedRowsWriter implements Closeable {

    public static final String HEADER = "line,rule,reason,record";

    private final CsvWriter writer;
    private long count;

    public RejectedRowsWriter(OutputStream out) {
        this.writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out, StandardCharsets.UTF_8);
        this.writer.writeRecord("line", "rule", "reason", "record");
    }

    public void write(RejectedRow row) {
        writer.writeRecord(Long.toString(row.line()), row.rule(), row.reason(), row.record() == null ? "" : row.record());
        count++;
    }

    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
