package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes clean rows as RFC 4180 CSV with a header, comma-separated, LF line ends: a missing value
 * is an empty field, dates and timestamps are ISO-8601, numbers are written the shortest way that
 * reads back the same. A record of one empty field is written {@code ""} so it is not a blank line.
 */
public final class CsvRowWriter implements RowSink {

    private static final char DELIMITER = ',';
    private static final char QUOTE = '"';

    private final Utf8Output out;

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
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(DELIMITER);
            }
            Object v = row[i];
            if (v == null) {
                continue;
            }
            if (v instanceof String s) {
                out.csvField(s, DELIMITER, QUOTE, i == 0);
            } else if (v instanceof Integer n) {
                out.number(n);
            } else if (v instanceof Long n) {
                out.number(n);
            } else if (v instanceof Double d) {
                out.number(d);
            } else if (v instanceof LocalDate d) {
                out.date(d);
            } else if (v instanceof BigDecimal d) {
                out.ascii(d.toPlainString());
            } else {
                out.csvField(v.toString(), DELIMITER, QUOTE, i == 0);
            }
        }
        if (row.length == 1 && (row[0] == null || "".equals(row[0]))) {
            out.write(QUOTE);
            out.write(QUOTE);
        }
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
