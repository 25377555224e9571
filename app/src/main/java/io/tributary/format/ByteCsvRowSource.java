package io.tributary.format;

import io.tributary.clean.SourceRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Streams a CSV file (RFC 4180) straight from its bytes, for UTF-8 and the other encodings in
 * which the separator, quote and line breaks are single ASCII bytes (ISO-8859-x, windows-125x):
 * fields become strings without an intermediate char buffer, ASCII fields by a plain copy. Quoted
 * fields may hold separators, doubled quotes and line breaks; CR, LF and CRLF end records; blank
 * lines are skipped; a UTF-8 byte-order mark is skipped. Records with a wrong field count are
 * passed on as they are, for the cleaner to reject with their line number. A quote left open
 * swallows the rest of the file; that is one broken record at the line it starts on, and every
 * good row before it is kept. Short ASCII values that repeat in a column (codes, categories,
 * small numbers) are made into strings once ({@link RepeatedText}).
 */
public final class ByteCsvRowSource extends CsvRecords {

    private final InputStream in;
    private final Charset charset;
    private final byte delimiter;
    private final byte quote;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private boolean finished;
    private final ArrayList<String> fields = new ArrayList<>();
    private byte[] field = new byte[256];
    private final RepeatedText repeated = new RepeatedText();
    private boolean[] skipped;
    private String[] values = new String[64];

    /** True when this reader can read a file in this encoding. */
    public static boolean supports(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
                || charset.name().startsWith("ISO-8859") || charset.name().startsWith("windows-125");
    }

    public ByteCsvRowSource(InputStream in, char delimiter, char quote, boolean header, Charset charset)
            throws IOException {
        this(in, delimiter, quote, header, charset, null);
    }

    /**
     * @param wanted the columns (by position) whose fields are made into text; the others are
     *               read past and given as empty text. Null for all.
     */
    public ByteCsvRowSource(InputStream in, char delimiter, char quote, boolean header, Charset charset,
                            Set<Integer> wanted) throws IOException {
        if (delimiter > 127 || quote > 127) {
            throw new IllegalArgumentException("the byte reader takes ASCII separators and quotes");
        }
        this.in = in;
        this.charset = charset;
        this.delimiter = (byte) delimiter;
        this.quote = (byte) quote;
        fill();
        if (limit - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
            pos += 3;
        }
        readHeader(header);
        if (wanted != null) {
            int width = Math.max(columns().size(), wanted.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1);
            skipped = new boolean[width];
            Arrays.fill(skipped, true);
            wanted.forEach(i -> skipped[i] = false);
        }
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
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
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
                int hash = 0;
                while (true) {
                    int p = pos;
                    while (p < limit) {
                        byte b = buf[p];
                        if (b == delimiter || b == '\n' || b == '\r') {
                            break;
                        }
                        ascii &= b >= 0;
                        hash = 31 * hash + b;
                        p++;
                    }
                    if (p < limit || eof) {
                        if (skipped(fields.size())) {
                            fields.add("");
                        } else if (len == 0) {
                            fields.add(ascii ? repeated.text(fields.size(), buf, pos, p - pos, hash)
                                    : text(buf, pos, p - pos, false));
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
                return SourceRecord.of(start, List.copyOf(fields));
            }
            byte b = buf[pos];
            if (b == delimiter) {
                pos++;
                if (pos == limit && !fill()) {
                    fields.add("");
                    finished = true;
                    return SourceRecord.of(start, List.copyOf(fields));
                }
                continue;
            }
            pos++;
            if (b == '\r' && (pos < limit || fill()) && buf[pos] == '\n') {
                pos++;
            }
            line++;
            return SourceRecord.of(start, List.copyOf(fields));
        }
    }

    /** Bytes kept in the buffer ahead of a record so that most records are read in one piece. */
    private static final int FAST_WINDOW = 16 * 1024;

    /**
     * The common case, read in one tight loop: a record that lies whole in the buffer and has no
     * quoted field. Null (and nothing consumed) for any other record, which {@link #read()} then
     * reads field by field.
     */
    private SourceRecord plainRecord(long start) {
        final byte[] b = buf;
        final byte sep = delimiter;
        int p = pos;
        int column = 0;
        while (true) {
            int from = p;
            if (p < limit && b[p] == quote) {
                return null;
            }
            boolean wanted = !skipped(column);
            int hash = 0;
            int bits = 0;
            byte c = 0;
            if (wanted) {
                while (p < limit) {
                    c = b[p];
                    if (c == sep || (c <= '\r' && (c == '\n' || c == '\r'))) {
                        break;
                    }
                    hash = 31 * hash + c;
                    bits |= c;
                    p++;
                }
            } else {
                while (p < limit) {
                    c = b[p];
                    if (c == sep || (c <= '\r' && (c == '\n' || c == '\r'))) {
                        break;
                    }
                    p++;
                }
            }
            boolean end = p == limit;
            if (end && !eof) {
                return null; // the record goes on past the buffer
            }
            if (column == values.length) {
                values = Arrays.copyOf(values, column * 2);
            }
            int length = p - from;
            values[column++] = !wanted ? "" : bits >= 0 ? repeated.text(column - 1, b, from, length, hash)
                    : text(b, from, length, false);
            if (end) {
                finished = true;
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
                    values[column++] = "";
                    finished = true;
                    break;
                }
                continue;
            }
            if (c == '\r') {
                if (p == limit && !eof) {
                    return null;
                }
                if (p < limit && b[p] == '\n') {
                    p++;
                }
            }
            line++;
            break;
        }
        pos = p;
        return SourceRecord.of(start, Arrays.asList(Arrays.copyOf(values, column)));
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
        return ascii ? new String(bytes, from, len, StandardCharsets.ISO_8859_1) : new String(bytes, from, len, charset);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
