package io.tributary.format;

import io.tributary.clean.FieldConversion;
import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Streams a CSV file (RFC 4180) straight from its bytes, for UTF-8 and the other encodings in
 * which the separator, quote and line breaks are single ASCII bytes (ISO-8859-x, windows-125x):
 * fields become strings without an intermediate char buffer, ASCII fields by a plain copy. Quoted
 * fields may hold separators, doubled quotes and line breaks; CR, LF and CRLF end records; blank
 * lines are skipped; a UTF-8 byte-order mark is skipped. Records with a wrong field count are
 * passed on as they are, for the cleaner to reject with their line number. A quote left open
 * swallows the rest of the file; that is one broken record at the line it starts on, and every
 * good row before it is kept. Short ASCII values that repeat in a column (codes, categories,
 * small numbers) are made into strings once ({@link RepeatedValues}); a pass that gives a
 * {@link FieldConversion} gets converted records, each repeated value converted once.
 */
public final class ByteCsvRowSource extends CsvRecords {

    private final InputStream in;
    private final Charset charset;
    private final byte delimiter;
    private final byte quote;
    /**
     * The delimiter and quote that marks stand for ({@link Utf8Transcoding#marking}); 0 when the
     * input holds no marks.
     */
    private final char markedDelimiter;
    private final char markedQuote;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private boolean finished;
    private final ArrayList<String> fields = new ArrayList<>();
    private byte[] field = new byte[256];
    private RepeatedValues repeated = new RepeatedValues();
    private final FieldConversion conversion;
    /** Whether records are converted: a conversion was given and the header's width is known. */
    private boolean converting;
    private int width;
    /** What a column the pass does not read holds: empty text, or no value when converting. */
    private Object skippedValue = "";
    private boolean[] skipped;
    private int[] nextWanted;
    private Object[] values = new Object[64];
    /**
     * Where the record being read starts in the buffer, so that the general reader can give its
     * raw text (kept in the buffer across refills up to {@value #MAX_RAW} bytes); -1 when none.
     */
    private int recordStart = -1;
    private static final int MAX_RAW = 1 << 20;

    /** True when this reader can read a file in this encoding. */
    public static boolean supports(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
                || charset.name().startsWith("ISO-8859") || charset.name().startsWith("windows-125");
    }

    public ByteCsvRowSource(InputStream in, char delimiter, char quote, boolean header, Charset charset)
            throws IOException {
        this(in, delimiter, quote, header, charset, null, null);
    }

    /**
     * @param wanted     the columns (by position) whose fields are made into text; the others are
     *                   read past and given as empty text (as null when converting). Null for all.
     * @param conversion how the pass converts fields, or null for text: records with the header's
     *                   field count whose fields all convert are then given as values
     */
    public ByteCsvRowSource(InputStream in, char delimiter, char quote, boolean header, Charset charset,
                            Set<Integer> wanted, FieldConversion conversion) throws IOException {
        this(in, delimiter, quote, header, null, charset, wanted, conversion);
    }

    /**
     * The records of a later part of a file: {@code in} starts at the start of a line after the
     * header, whose columns are given. Line numbers count from the part's start.
     */
    static ByteCsvRowSource part(InputStream in, char delimiter, char quote, List<String> columns, Charset charset,
                                 Set<Integer> wanted, FieldConversion conversion) throws IOException {
        return new ByteCsvRowSource(in, delimiter, quote, false, columns, charset, wanted, conversion);
    }

    /**
     * A file whose delimiter or quote is not ASCII, from its UTF-8 text with them marked
     * ({@link Utf8Transcoding#marking}); fields and raw text are given with the characters again.
     */
    static ByteCsvRowSource marked(Utf8Transcoding in, char delimiter, char quote, boolean header,
                                   Set<Integer> wanted, FieldConversion conversion) throws IOException {
        return new ByteCsvRowSource(in, delimiter, quote, header, null, StandardCharsets.UTF_8, wanted, conversion);
    }

    private ByteCsvRowSource(InputStream in, char delimiter, char quote, boolean header, List<String> knownColumns,
                             Charset charset, Set<Integer> wanted, FieldConversion conversion) throws IOException {
        if ((delimiter > 127 || quote > 127) && !(in instanceof Utf8Transcoding)) {
            throw new IllegalArgumentException("the byte reader takes ASCII separators and quotes, or marked ones");
        }
        this.in = in;
        this.charset = charset;
        this.markedDelimiter = delimiter > 127 ? delimiter : 0;
        this.markedQuote = quote > 127 ? quote : 0;
        this.delimiter = delimiter > 127 ? Utf8Transcoding.DELIMITER_MARK : (byte) delimiter;
        this.quote = quote > 127 ? Utf8Transcoding.QUOTE_MARK : (byte) quote;
        fill();
        this.conversion = conversion;
        if (knownColumns != null) {
            useColumns(knownColumns);
        } else {
            if (limit - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB
                    && buf[pos + 2] == (byte) 0xBF) {
                pos += 3;
            }
            readHeader(header);
        }
        width = columns().size();
        converting = conversion != null && width > 0;
        if (converting) {
            skippedValue = null;
            repeated = new RepeatedValues(conversion);
        }
        if (wanted != null) {
            int width = Math.max(columns().size(), wanted.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1);
            skipped = new boolean[width];
            Arrays.fill(skipped, true);
            wanted.forEach(i -> skipped[i] = false);
            nextWanted = new int[width];
            int next = Integer.MAX_VALUE;
            for (int i = width - 1; i >= 0; i--) {
                next = skipped[i] ? next : i;
                nextWanted[i] = next;
            }
        }
    }

    /** The first wanted column at or after a column, when the pass reads some columns only. */
    private int nextWanted(int column) {
        return column < nextWanted.length ? nextWanted[column] : Integer.MAX_VALUE;
    }

    /**
     * Whether this pass makes a value of the field at this position: it is wanted and, when
     * converting, within the header's width (a record with more fields goes to the general
     * reader and on to the cleaner as text).
     */
    private boolean reads(int column) {
        return !skipped(column) && !(converting && column >= width);
    }

    /** Whether the field at this position is read past (not wanted by this pass). */
    private boolean skipped(int column) {
        return skipped != null && (column >= skipped.length || skipped[column]);
    }

    @Override
    protected long failureLine() {
        return line;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (recordStart >= 0 && pos - recordStart >= MAX_RAW) {
            recordStart = -1; // a record this long is given by its fields only
        }
        int keep = recordStart >= 0 ? recordStart : pos;
        if (keep > 0 || limit == buf.length) {
            // the unread rest (and the record being read) moves to a new buffer: records made of
            // the old one keep it for their raw text (RecordBytes), so it is never written again
            byte[] next = new byte[limit - keep > buf.length / 2 ? buf.length * 2 : buf.length];
            System.arraycopy(buf, keep, next, 0, limit - keep);
            buf = next;
            limit -= keep;
            pos -= keep;
            if (recordStart >= 0) {
                recordStart = 0;
            }
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Reads one record; null at the end of the file. */
    @Override
    protected SourceRecord read() throws IOException {
        recordStart = -1;
        if (finished) {
            return null;
        }
        // skip blank lines
        while (true) {
            if (pos == limit && !fill()) {
                finished = true;
                return null;
            }
            byte b = buf[pos];
            if (b == '\n') {
                pos++;
                line++;
            } else if (b == '\r') {
                pos++;
                if ((pos < limit || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                line++;
            } else {
                break;
            }
        }
        long start = line;
        recordStart = pos;
        if (limit - pos < FAST_WINDOW && !eof) {
            fill();
        }
        SourceRecord plain = plainRecord(start);
        if (plain != null) {
            return plain;
        }
        fields.clear();
        while (true) {
            // one field
            int len = 0;
            boolean ascii = true;
            if ((pos < limit || fill()) && buf[pos] == quote) {
                pos++;
                while (true) {
                    if (pos == limit && !fill()) {
                        finished = true;
                        return SourceRecord.broken(start, "a quoted field that starts on line " + start
                                + " is never closed; the rest of the file cannot be read", null);
                    }
                    byte b = buf[pos++];
                    if (b == quote) {
                        if ((pos < limit || fill()) && buf[pos] == quote) {
                            pos++;
                        } else {
                            break;
                        }
                    } else if (b == '\n') {
                        line++;
                    } else if (b == '\r' && !((pos < limit || fill()) && buf[pos] == '\n')) {
                        line++;
                    }
                    if (len == field.length) {
                        field = Arrays.copyOf(field, len * 2);
                    }
                    field[len++] = b;
                    ascii &= b >= 0;
                }
                // text after the closing quote, up to the separator, is kept as it is
                while ((pos < limit || fill()) && buf[pos] != delimiter && buf[pos] != '\n' && buf[pos] != '\r') {
                    byte b = buf[pos++];
                    if (len == field.length) {
                        field = Arrays.copyOf(field, len * 2);
                    }
                    field[len++] = b;
                    ascii &= b >= 0;
                }
                fields.add(skipped(fields.size()) ? "" : text(field, 0, len, ascii));
            } else {
                // unquoted: scan the buffer directly
                while (true) {
                    int p = pos;
                    while (p < limit) {
                        byte b = buf[p];
                        if (b == delimiter || b == '\n' || b == '\r') {
                            break;
                        }
                        ascii &= b >= 0;
                        p++;
                    }
                    if (p < limit || eof) {
                        if (skipped(fields.size())) {
                            fields.add("");
                        } else if (len == 0) {
                            fields.add(text(buf, pos, p - pos, ascii));
                        } else {
                            len = append(len, pos, p);
                            fields.add(text(field, 0, len, ascii));
                        }
                        pos = p;
                        break;
                    }
                    // the buffer ends inside the field: keep what we have and read on
                    len = append(len, pos, p);
                    pos = p;
                    if (!fill()) {
                        fields.add(text(field, 0, len, ascii));
                        break;
                    }
                }
            }
            // after a field: a separator, a line break or the end
            if (pos == limit && !fill()) {
                finished = true;
                return record(start, rawLength(pos));
            }
            byte b = buf[pos];
            if (b == delimiter) {
                pos++;
                if (pos == limit && !fill()) {
                    fields.add("");
                    finished = true;
                    return record(start, rawLength(pos));
                }
                continue;
            }
            int rawLength = rawLength(pos); // before a fill can move the record to a new buffer
            pos++;
            if (b == '\r' && (pos < limit || fill()) && buf[pos] == '\n') {
                pos++;
            }
            line++;
            return record(start, rawLength);
        }
    }

    /** The length of the record being read up to {@code end} (its raw text), or -1 when it is not kept. */
    private int rawLength(int end) {
        return recordStart >= 0 ? end - recordStart : -1;
    }

    /** Bytes kept in the buffer ahead of a record so that most records are read in one piece. */
    private static final int FAST_WINDOW = 16 * 1024;

    /**
     * The common case, read in one tight loop: a record that lies whole in the buffer, whose
     * quoted fields (if any) hold no line break and no doubled quote. Null (and nothing consumed)
     * for any other record, which {@link #read()} then reads field by field; when converting, also
     * for a record with a wrong field count or a field that does not convert (the general reader
     * gives those as text).
     */
    private SourceRecord plainRecord(long start) {
        final byte[] b = buf;
        final byte sep = delimiter;
        final int from = pos;
        int p = pos;
        int column = 0;
        boolean last = false;
        boolean rejected = false;
        int end = limit;
        while (true) {
            if (skipped != null && skipped(column)) {
                // a pass that reads some columns: pass over the fields before the next wanted one in
                // one loop (a quote that opens a field stops it: the field is read as below)
                int target = nextWanted(column);
                int first = column;
                int fieldStart = p;
                while (p < limit) {
                    byte ch = b[p];
                    if (ch == sep) {
                        fieldStart = ++p;
                        if (++column == target) {
                            break;
                        }
                    } else if (ch == '\n' || ch == '\r' || (ch == quote && p == fieldStart)) {
                        break;
                    } else {
                        p++;
                    }
                }
                if (column > first) {
                    while (column > values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    Arrays.fill(values, first, column, skippedValue);
                }
            }
            boolean wanted = reads(column);
            int fieldFrom = p;
            int fieldEnd;
            int hash = 0;
            int bits = 0;
            byte c = 0;
            if (p < limit && b[p] == quote) {
                // a quoted field: its text is what lies between the quotes
                fieldFrom = ++p;
                while (p < limit) {
                    c = b[p];
                    if (c == quote || c == '\n' || c == '\r') {
                        break;
                    }
                    hash = 31 * hash + c;
                    bits |= c;
                    p++;
                }
                if (p == limit || c != quote) {
                    return null; // past the buffer, or a line break inside the quotes
                }
                fieldEnd = p++;
                if (p < limit) {
                    c = b[p];
                    if (c != sep && c != '\n' && c != '\r') {
                        return null; // a doubled quote, or text after the closing quote
                    }
                }
            } else if (wanted) {
                while (p < limit) {
                    c = b[p];
                    if (c == sep || (c <= '\r' && (c == '\n' || c == '\r'))) {
                        break;
                    }
                    hash = 31 * hash + c;
                    bits |= c;
                    p++;
                }
                fieldEnd = p;
            } else {
                while (p < limit) {
                    c = b[p];
                    if (c == sep || (c <= '\r' && (c == '\n' || c == '\r'))) {
                        break;
                    }
                    p++;
                }
                fieldEnd = p;
            }
            if (p == limit && !eof) {
                return null; // the record goes on past the buffer
            }
            if (column == values.length) {
                values = Arrays.copyOf(values, column * 2);
            }
            int length = fieldEnd - fieldFrom;
            Object v = !wanted ? skippedValue : bits >= 0 ? repeated.value(column, b, fieldFrom, length, hash)
                    : valueOf(column, text(b, fieldFrom, length, false));
            rejected |= v instanceof FieldConversion.Rejected;
            values[column++] = v;
            if (p == limit) {
                last = true;
                break;
            }
            p++;
            if (c == sep) {
                if (p == limit) {
                    if (!eof) {
                        return null;
                    }
                    if (column == values.length) {
                        values = Arrays.copyOf(values, column * 2);
                    }
                    v = reads(column) ? valueOf(column, "") : skippedValue;
                    rejected |= v instanceof FieldConversion.Rejected;
                    values[column++] = v;
                    last = true;
                    break;
                }
                continue;
            }
            end = p - 1;
            if (c == '\r') {
                if (p == limit && !eof) {
                    return null;
                }
                if (p < limit && b[p] == '\n') {
                    p++;
                }
            }
            break;
        }
        if (converting && (column != width || rejected)) {
            return null;
        }
        pos = p;
        if (last) {
            finished = true;
        } else {
            line++;
        }
        RecordBytes raw = new RecordBytes(this, b, from, end - from);
        return converting ? SourceRecord.converted(start, 0, Arrays.copyOf(values, column), null, raw)
                : new SourceRecord(start, 0, Arrays.asList(Arrays.copyOf(values, column, String[].class)), null, null,
                null, raw);
    }

    /** A record's bytes in a buffer that is never written again, made into its raw text should it be rejected. */
    private record RecordBytes(ByteCsvRowSource reader, byte[] buf, int from, int length) implements Supplier<String> {
        @Override
        public String get() {
            return reader.text(buf, from, length, false);
        }
    }

    /** A field's value: its text, or what the pass's conversion makes of it. */
    private Object valueOf(int column, String text) {
        return converting ? conversion.convert(column, text) : text;
    }

    /**
     * A record the general reader read as text, converted when the pass converts and it has the
     * header's field count and every field converts; as text otherwise.
     */
    private SourceRecord record(long start, int rawLength) {
        Supplier<String> raw = rawLength >= 0 ? new RecordBytes(this, buf, recordStart, rawLength) : null;
        recordStart = -1;
        SourceRecord text = new SourceRecord(start, 0, List.copyOf(fields), null, null, null, raw);
        return converting ? FieldConversion.convertAll(conversion, text, width, i -> !skipped(i)) : text;
    }

    /** Appends buf[from, to) to the field being built, which holds {@code len} bytes; the new length. */
    private int append(int len, int from, int to) {
        int n = to - from;
        while (len + n > field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        System.arraycopy(buf, from, field, len, n);
        return len + n;
    }

    private String text(byte[] bytes, int from, int len, boolean ascii) {
        if (ascii) {
            return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
        }
        return markedDelimiter == 0 && markedQuote == 0 ? new String(bytes, from, len, charset)
                : unmarked(bytes, from, len);
    }

    /** UTF-8 text with its marks made the delimiter and quote they stand for again. */
    private String unmarked(byte[] bytes, int from, int len) {
        StringBuilder text = new StringBuilder(len);
        int start = from;
        int end = from + len;
        for (int i = from; i < end; i++) {
            byte b = bytes[i];
            if (b == Utf8Transcoding.DELIMITER_MARK || b == Utf8Transcoding.QUOTE_MARK) {
                text.append(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                text.append(b == Utf8Transcoding.DELIMITER_MARK ? markedDelimiter : markedQuote);
                start = i + 1;
            }
        }
        return text.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
