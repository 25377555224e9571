package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes clean rows as RFC 4180 CSV with a header, comma-separated, LF line ends: a missing value
 * is an empty field, dates and timestamps are ISO-8601, numbers are written the shortest way that
 * reads back the same. A record of one empty field is written {@code ""} so it is not a blank line.
 * A row is formatted straight into the output buffer ({@link Utf8Output}).
 */
public final class CsvRowWriter implements RowSink {

    private static final char DELIMITER = ',';
    private static final char QUOTE = '"';

    private final Utf8Output out;
    private final EncodedText encoded = new EncodedText();

    public CsvRowWriter(OutputStream out) {
        this.out = new Utf8Output(out);
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.write(DELIMITER);
            }
            out.csvField(columns.get(i), DELIMITER, QUOTE, i == 0);
        }
        out.write('\n');
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        long bound = row.length + 3;
        for (Object v : row) {
            bound += Utf8Output.bound(v);
        }
        if (bound <= Utf8Output.CAPACITY) {
            byte[] b = out.buffer();
            int p = out.reserve((int) bound);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b[p++] = DELIMITER;
                }
                p = value(b, p, row[i], i);
            }
            if (row.length == 1 && (row[0] == null || "".equals(row[0]))) {
                b[p++] = QUOTE;
                b[p++] = QUOTE;
            }
            b[p] = '\n';
            out.commit(p + 1);
            return;
        }
        // a row larger than the buffer: value by value, long text in pieces
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(DELIMITER);
            }
            Object v = row[i];
            int size = Utf8Output.bound(v);
            if (size <= Utf8Output.CAPACITY) {
                out.commit(value(out.buffer(), out.reserve(size), v, i));
            } else if (v instanceof BigDecimal d) {
                out.write(d.toPlainString().getBytes(StandardCharsets.US_ASCII));
            } else {
                out.csvField(v.toString(), DELIMITER, QUOTE, i == 0);
            }
        }
        out.write('\n');
    }

    /** One value of at most {@link Utf8Output#bound} bytes. */
    private int value(byte[] b, int p, Object v, int column) {
        boolean first = column == 0;
        if (v == null) {
            return p;
        } else if (v instanceof String s) {
            byte[] known = encoded.get(column, s);
            if (known != null) {
                System.arraycopy(known, 0, b, p, known.length);
                return p + known.length;
            }
            int end = Utf8Output.csvField(b, p, s, DELIMITER, QUOTE, first);
            encoded.put(column, s, b, p, end);
            return end;
        } else if (v instanceof Integer n) {
            return Utf8Output.number(b, p, n);
        } else if (v instanceof Long n) {
            return Utf8Output.number(b, p, n);
        } else if (v instanceof Double d) {
            return Utf8Output.number(b, p, d);
        } else if (v instanceof LocalDate d) {
            return Utf8Output.date(b, p, d);
        } else if (v instanceof Instant t) {
            return Utf8Output.timestamp(b, p, t);
        } else if (v instanceof BigDecimal d) {
            return Utf8Output.ascii(b, p, d.toPlainString());
        }
        return Utf8Output.csvField(b, p, v.toString(), DELIMITER, QUOTE, first);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
