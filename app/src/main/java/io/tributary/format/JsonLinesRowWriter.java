package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.JsonValue;
import io.tributary.clean.RowSink;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes clean rows as JSON Lines: one object per row, values typed (numbers as JSON numbers,
 * booleans as JSON booleans, dates and timestamps as ISO-8601 strings, missing values as null).
 * Each field's {@code "name":} is encoded once, not once per row, and a row is formatted straight
 * into the output buffer ({@link Utf8Output}).
 */
public final class JsonLinesRowWriter implements RowSink {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final Utf8Output out;
    private final EncodedText encoded = new EncodedText();
    private final String rowIdField;
    private final String rowIdPrefix;
    private byte[] rowIdStart;
    /** Per column: {@code "name":}, with the comma before it for all but the first field of a row. */
    private byte[][] names;
    /** The bytes of a row that do not depend on its values: braces, names, the row id, the line break. */
    private int fixedBytes;
    /** The line and part of the row before, and which record of that line it came from (from 1). */
    private long lastLine = -1;
    private int lastPart;
    private int record;

    public JsonLinesRowWriter(OutputStream out) {
        this(out, null, null);
    }

    /**
     * A writer that also gives every row a stable id, unique in the file, in field
     * {@code rowIdField} (first in each object): the row's position in its source file,
     * {@code <rowIdPrefix>#<line>}, then {@code -<n>} for the n-th record (from 2) that starts on the
     * same line (the elements of a JSON array written on one line), then {@code .<part>} for the
     * rows of an unnested array.
     */
    public JsonLinesRowWriter(OutputStream out, String rowIdField, String rowIdPrefix) {
        this.out = new Utf8Output(out);
        this.rowIdField = rowIdField;
        this.rowIdPrefix = rowIdPrefix;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
        names = new byte[columns.size()][];
        fixedBytes = 3;
        for (int i = 0; i < names.length; i++) {
            names[i] = encode((i > 0 || rowIdField != null ? "," : "") + quoted(columns.get(i)) + ":");
            fixedBytes += names[i].length;
        }
        if (rowIdField != null) {
            // {"row_id":"<prefix>#   (the line number, part and closing quote follow per row)
            String start = "{" + quoted(rowIdField) + ":" + quoted(rowIdPrefix + "#");
            rowIdStart = encode(start.substring(0, start.length() - 1));
            fixedBytes += rowIdStart.length + 20 + 1 + 11 + 1 + 11 + 1;
        }
    }

    @Override
    public void accept(long line, int part, Object[] row) throws IOException {
        long bound = fixedBytes;
        for (Object v : row) {
            bound += Utf8Output.bound(v);
        }
        if (bound <= Utf8Output.CAPACITY) {
            byte[] b = out.buffer();
            int p = rowStart(b, out.reserve((int) bound), line, part);
            for (int i = 0; i < row.length; i++) {
                byte[] name = names[i];
                System.arraycopy(name, 0, b, p, name.length);
                p = value(b, p + name.length, row[i], i);
            }
            b[p] = '}';
            b[p + 1] = '\n';
            out.commit(p + 2);
            return;
        }
        // a row larger than the buffer: value by value, long text in pieces
        out.commit(rowStart(out.buffer(), out.reserve(fixedBytes), line, part));
        for (int i = 0; i < row.length; i++) {
            out.write(names[i]);
            Object v = row[i];
            int size = Utf8Output.bound(v);
            if (size <= Utf8Output.CAPACITY) {
                out.commit(value(out.buffer(), out.reserve(size), v, i));
            } else if (v instanceof BigDecimal d) {
                out.write(d.toString().getBytes(StandardCharsets.US_ASCII));
            } else if (v instanceof JsonValue j) {
                out.write(j.json().getBytes(StandardCharsets.UTF_8));
            } else {
                out.jsonString(v.toString());
            }
        }
        out.write('}');
        out.write('\n');
    }

    private int rowStart(byte[] b, int p, long line, int part) {
        if (rowIdField == null) {
            b[p] = '{';
            return p + 1;
        }
        // rows come in file order: a line seen again with a part that does not follow on is its next record
        record = line != lastLine ? 1 : part == 0 || part <= lastPart ? record + 1 : record;
        lastLine = line;
        lastPart = part;
        System.arraycopy(rowIdStart, 0, b, p, rowIdStart.length);
        p = Utf8Output.number(b, p + rowIdStart.length, line);
        if (record > 1) {
            b[p++] = '-';
            p = Utf8Output.number(b, p, record);
        }
        if (part > 0) {
            b[p++] = '.';
            p = Utf8Output.number(b, p, part);
        }
        b[p] = '"';
        return p + 1;
    }

    /** One value of at most {@link Utf8Output#bound} bytes. */
    private int value(byte[] b, int p, Object v, int column) {
        if (v == null) {
            return copy(NULL, b, p);
        } else if (v instanceof String s) {
            return text(b, p, s, column);
        } else if (v instanceof Integer n) {
            return Utf8Output.number(b, p, n);
        } else if (v instanceof Long n) {
            return Utf8Output.number(b, p, n);
        } else if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? Utf8Output.jsonString(b, p, d.toString()) : Utf8Output.number(b, p, d);
        } else if (v instanceof LocalDate d) {
            b[p] = '"';
            p = Utf8Output.date(b, p + 1, d);
            b[p] = '"';
            return p + 1;
        } else if (v instanceof Instant t) {
            b[p] = '"';
            p = Utf8Output.timestamp(b, p + 1, t);
            b[p] = '"';
            return p + 1;
        } else if (v instanceof Boolean bool) {
            return copy(bool ? TRUE : FALSE, b, p);
        } else if (v instanceof BigDecimal d) {
            // as Jackson writes it by default: BigDecimal.toString()
            return Utf8Output.ascii(b, p, d.toString());
        } else if (v instanceof JsonValue j) {
            return Utf8Output.text(b, p, j.json(), 0, j.json().length()); // already JSON, on one line
        }
        return Utf8Output.jsonString(b, p, v.toString());
    }

    /** A text value, its encoding kept per column when it repeats. */
    private int text(byte[] b, int p, String s, int column) {
        byte[] known = encoded.get(column, s);
        if (known != null) {
            return copy(known, b, p);
        }
        int end = Utf8Output.jsonString(b, p, s);
        encoded.put(column, s, b, p, end);
        return end;
    }

    private static int copy(byte[] bytes, byte[] b, int p) {
        System.arraycopy(bytes, 0, b, p, bytes.length);
        return p + bytes.length;
    }

    private static String quoted(String s) {
        byte[] b = new byte[Utf8Output.bound(s)];
        return new String(b, 0, Utf8Output.jsonString(b, 0, s), StandardCharsets.UTF_8);
    }

    private static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
