package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.RowSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes clean rows as JSON Lines: one object per row, values typed (numbers as JSON numbers,
 * booleans as JSON booleans, dates and timestamps as ISO-8601 strings, missing values as null).
 * Each field's {@code "name":} is encoded once, not once per row.
 */
public final class JsonLinesRowWriter implements RowSink {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final Utf8Output out;
    private final String rowIdField;
    private final String rowIdPrefix;
    private byte[] rowIdStart;
    /** Per column: {@code "name":}, with the comma before it for all but the first field of a row. */
    private byte[][] names;

    public JsonLinesRowWriter(OutputStream out) {
        this(out, null, null);
    }

    /**
     * A writer that also gives every row a stable id, {@code <rowIdPrefix>#<line>} (or
     * {@code #<line>.<part>} for the rows of an unnested array), in field {@code rowIdField}
     * (first in each object): the row's position in its source file.
     */
    public JsonLinesRowWriter(OutputStream out, String rowIdField, String rowIdPrefix) {
        this.out = new Utf8Output(out);
        this.rowIdField = rowIdField;
        this.rowIdPrefix = rowIdPrefix;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) throws IOException {
        names = new byte[columns.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = encode((i > 0 || rowIdField != null ? "," : "") + quoted(columns.get(i)) + ":");
        }
        if (rowIdField != null) {
            // {"row_id":"<prefix>#   (the line number and the closing quote follow per row)
            String start = "{" + quoted(rowIdField) + ":" + quoted(rowIdPrefix + "#");
            rowIdStart = encode(start.substring(0, start.length() - 1));
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        if (rowIdField != null) {
            out.write(rowIdStart);
            out.number(line);
            if (part > 0) {
                out.write('.');
                out.number(part);
            }
            out.write('"');
        } else {
            out.write('{');
        }
        for (int i = 0; i < row.length; i++) {
            out.write(names[i]);
            Object v = row[i];
            if (v == null) {
                out.write(NULL);
            } else if (v instanceof String s) {
                out.jsonString(s);
            } else if (v instanceof Integer n) {
                out.number(n);
            } else if (v instanceof Long n) {
                out.number(n);
            } else if (v instanceof Double d) {
                if (d.isNaN() || d.isInfinite()) {
                    out.jsonString(d.toString());
                } else {
                    out.number(d);
                }
            } else if (v instanceof BigDecimal d) {
                out.json(d);
            } else if (v instanceof Boolean b) {
                out.write(b ? TRUE : FALSE);
            } else if (v instanceof LocalDate d) {
                out.write('"');
                out.date(d);
                out.write('"');
            } else {
                out.jsonString(v.toString());
            }
        }
        out.write('}');
        out.write('\n');
    }

    private static String quoted(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8Output o = new Utf8Output(bytes)) {
            o.jsonString(s);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
