package io.tributary.format;

import io.tributary.clean.RejectedRow;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the rows a file could not give, as CSV: {@code line,rule,reason,record}, where record is
 * the row as read (its fields joined, or the raw text of a line that was not JSON). The same CSV
 * as the clean output ({@link Utf8Output}: RFC 4180, quoted where needed, LF line ends).
 */
public final class RejectedRowsWriter implements Closeable {

    public static final String HEADER = "line,rule,reason,record";
    private static final char DELIMITER = ',';
    private static final char QUOTE = '"';

    private final Utf8Output out;
    private long count;

    public RejectedRowsWriter(OutputStream out) throws IOException {
        this.out = new Utf8Output(out);
        this.out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
        this.out.write('\n');
    }

    /** Writes one rejected row; a write failure is thrown unchecked (the cleaner reports rows through a Consumer). */
    public void write(RejectedRow row) {
        try {
            writeRow(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    private void writeRow(RejectedRow row) throws IOException {
        out.commit(Utf8Output.number(out.buffer(), out.reserve(Utf8Output.bound(row.line())), row.line()));
        for (String field : new String[]{row.rule(), row.reason(), row.record() == null ? "" : row.record()}) {
            out.write(DELIMITER);
            out.csvField(field, DELIMITER, QUOTE, false);
        }
        out.write('\n');
    }

    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
