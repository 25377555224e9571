package io.tributary.format;

import com.fasterxml.jackson.core.io.NumberOutput;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The byte buffer the clean writers format into: UTF-8 text, whole numbers written as digits
 * without making strings, dates as ISO-8601, JSON strings escaped and CSV fields quoted where
 * needed. Writes to the stream 64 KB at a time; closing flushes and closes the stream.
 */
final class Utf8Output implements Closeable {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** Room kept free so that small writes need no bounds check of their own. */
    private static final int SLACK = 64;

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;

    Utf8Output(OutputStream out) {
        this.out = out;
    }

    /** Makes room for {@code n} more bytes (n at most the buffer's size less the slack). */
    private void room(int n) throws IOException {
        if (pos + n > buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    void write(int b) throws IOException {
        room(1);
        buf[pos++] = (byte) b;
    }

    void write(byte[] bytes) throws IOException {
        if (bytes.length > buf.length - SLACK) {
            room(buf.length);
            out.write(bytes);
            return;
        }
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** The digits of 0-9999, the whole numbers most columns hold. */
    private static final byte[][] SMALL = new byte[10_000][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A whole number as decimal digits. */
    void number(long v) throws IOException {
        room(SLACK);
        if (v >= 0 && v < SMALL.length) {
            byte[] digits = SMALL[(int) v];
            for (byte d : digits) {
                buf[pos++] = d;
            }
            return;
        }
        if (v == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, buf, pos, MIN_LONG.length);
            pos += MIN_LONG.length;
            return;
        }
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        pos = end;
    }

    /**
     * A double the shortest way that reads back the same, as Jackson (and Java) write it. Values
     * with at most 4 decimals between 0.001 and 10 million (prices, rates, measures) are written
     * straight from their digits: {@code m / 10^k} read back is the double itself, so no shorter
     * text can be; the rest go through Jackson's Schubfach writer.
     */
    void number(double v) throws IOException {
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e7) {
            long m = Math.round(a * 10_000);
            if (m / 10_000.0 == a) {
                room(SLACK);
                if (v < 0) {
                    buf[pos++] = '-';
                }
                long whole = m / 10_000;
                int frac = (int) (m % 10_000);
                number(whole);
                buf[pos++] = '.';
                if (frac == 0) {
                    buf[pos++] = '0';
                    return;
                }
                int divisor = 1000;
                while (frac > 0) {
                    buf[pos++] = (byte) ('0' + frac / divisor);
                    frac %= divisor;
                    divisor /= 10;
                }
                return;
            }
        }
        ascii(NumberOutput.toString(v, true));
    }

    /** A date as yyyy-MM-dd (years outside 0-9999 as {@link LocalDate#toString()} writes them). */
    void date(LocalDate d) throws IOException {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            ascii(d.toString());
            return;
        }
        room(10);
        twoDigits(year / 100);
        twoDigits(year % 100);
        buf[pos++] = '-';
        twoDigits(d.getMonthValue());
        buf[pos++] = '-';
        twoDigits(d.getDayOfMonth());
    }

    private void twoDigits(int v) {
        buf[pos++] = (byte) ('0' + v / 10);
        buf[pos++] = (byte) ('0' + v % 10);
    }

    /** Text known to be ASCII (numbers, ISO dates and times). */
    void ascii(String s) throws IOException {
        int n = s.length();
        if (n > buf.length - SLACK) {
            write(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        room(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    /** Text as UTF-8, as it is. */
    void text(String s) throws IOException {
        int n = s.length();
        if (n <= buf.length - SLACK) {
            room(n);
            int start = pos;
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                buf[start + i++] = (byte) c;
            }
            pos = start + i;
            if (i == n) {
                return;
            }
            s = s.substring(i);
            n = s.length();
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                room(1);
                buf[pos++] = (byte) c;
            } else {
                i = nonAscii(s, i);
            }
        }
    }

    /** Writes the non-ASCII run of {@code s} that starts at {@code from}; the index of its last char. */
    private int nonAscii(String s, int from) throws IOException {
        int end = from;
        while (end < s.length() && s.charAt(end) >= 0x80) {
            end++;
        }
        write(s.substring(from, end).getBytes(StandardCharsets.UTF_8));
        return end - 1;
    }

    /** A JSON string: quoted, with quotes, backslashes and control characters escaped. */
    void jsonString(String s) throws IOException {
        write('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                room(1);
                buf[pos++] = (byte) c;
            } else if (c >= 0x80) {
                i = nonAscii(s, i);
            } else {
                room(6);
                buf[pos++] = '\\';
                switch (c) {
                    case '"' -> buf[pos++] = '"';
                    case '\\' -> buf[pos++] = '\\';
                    case '\n' -> buf[pos++] = 'n';
                    case '\r' -> buf[pos++] = 'r';
                    case '\t' -> buf[pos++] = 't';
                    case '\b' -> buf[pos++] = 'b';
                    case '\f' -> buf[pos++] = 'f';
                    default -> {
                        buf[pos++] = 'u';
                        buf[pos++] = '0';
                        buf[pos++] = '0';
                        buf[pos++] = HEX[c >> 4];
                        buf[pos++] = HEX[c & 0xF];
                    }
                }
            }
        }
        write('"');
    }

    /**
     * A CSV field (RFC 4180): quoted when it holds the separator, the quote, a line break, or
     * (as the first field of a record) starts with {@code #}, with quotes doubled.
     */
    void csvField(String s, char delimiter, char quote, boolean first) throws IOException {
        boolean quoted = first && !s.isEmpty() && s.charAt(0) == '#';
        for (int i = 0; i < s.length() && !quoted; i++) {
            char c = s.charAt(i);
            // the four characters that need quotes are all below '#' + 1 or the separator/quote
            quoted = (c <= '"' || c == delimiter || c == quote) && (c == delimiter || c == quote || c == '\n'
                    || c == '\r');
        }
        if (!quoted) {
            text(s);
            return;
        }
        write(quote);
        int from = 0;
        for (int q = s.indexOf(quote); q >= 0; q = s.indexOf(quote, q + 1)) {
            text(s.substring(from, q + 1));
            write(quote);
            from = q + 1;
        }
        text(from == 0 ? s : s.substring(from));
        write(quote);
    }

    /** A decimal as JSON writes it (Jackson's default: {@link BigDecimal#toString()}). */
    void json(BigDecimal d) throws IOException {
        ascii(d.toString());
    }

    @Override
    public void close() throws IOException {
        try (out) {
            if (pos > 0) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }
    }
}
