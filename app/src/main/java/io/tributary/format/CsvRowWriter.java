package io.tributary.format;

import com.fasterxml.jackson.core.io.NumberOutput;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes clean rows as RFC 4180 CSV with a header; a missing value is an empty field, dates and
 * timestamps are ISO-8601, numbers are written the shortest way that reads back the same.
 */
public final class CsvRowWriter implements RowSink {

    private final CsvWriter writer;
    private String[] fields;

    public CsvRowWriter(OutputStream out) {
        this.writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out, StandardCharsets.UTF_8);
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
        writer.writeRecord(columns);
        fields = new String[columns.size()];
    }

    @Override
    public void accept(long line, int part, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            fields[i] = text(row[i]);
        }
        writer.writeRecord(fields);
    }

    /** The text of the small whole numbers most columns hold, made once. */
    private static final String[] SMALL_INTS = new String[1024];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = Integer.toString(i);
        }
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer n && n >= 0 && n < SMALL_INTS.length) {
            return SMALL_INTS[n];
        }
        if (value instanceof Double d) {
            return NumberOutput.toString(d, true);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
