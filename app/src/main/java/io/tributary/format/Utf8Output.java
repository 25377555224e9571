package io.tributary.format;

import com.fasterxml.jackson.core.io.NumberOutput;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The byte buffer the clean writers format into, and the encoders they format with: UTF-8 text,
 * whole numbers as digits without making strings, doubles the shortest way that reads back the
 * same, dates as ISO-8601, JSON strings escaped, CSV fields quoted where needed.
 *
 * <p>A writer {@link #reserve reserves} room for a whole row (from {@link #bound}), encodes into
 * {@link #buffer()} with the static encoders, which take and return a position, and
 * {@link #commit commits}; a row too large for the buffer is written value by value, long text
 * in pieces. Writes to the stream 64 KB at a time; closing flushes and closes the stream.
 */
final class Utf8Output implements Closeable {

    /** The buffer's size: the most one reservation can ask for. */
    static final int CAPACITY = 1 << 16;
    /** Text longer than this many chars is written in pieces when it does not fit. */
    private static final int PIECE = 4096;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** The digits of 0-9999, the whole numbers most columns hold. */
    private static final byte[][] SMALL = new byte[10_000][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final OutputStream out;
    private final byte[] buf = new byte[CAPACITY];
    private int pos;

    Utf8Output(OutputStream out) {
        this.out = out;
    }

    // ---- the buffer ----

    byte[] buffer() {
        return buf;
    }

    /** The position at which {@code n} bytes (at most {@link #CAPACITY}) fit, flushing first if they do not. */
    int reserve(int n) throws IOException {
        if (pos + n > buf.length) {
            out.write(buf, 0, pos);
            pos = 0;
        }
        return pos;
    }

    /** Ends a reservation: the bytes up to {@code position} are written. */
    void commit(int position) {
        pos = position;
    }

    void write(int b) throws IOException {
        int p = reserve(1);
        buf[p] = (byte) b;
        pos = p + 1;
    }

    void write(byte[] bytes) throws IOException {
        if (bytes.length > CAPACITY) {
            reserve(CAPACITY);
            out.write(bytes);
            return;
        }
        int p = reserve(bytes.length);
        System.arraycopy(bytes, 0, buf, p, bytes.length);
        pos = p + bytes.length;
    }

    /**
     * The most bytes a value can take in either format (CSV or JSON, quotes and escapes included):
     * exact bounds for numbers, dates and booleans, 6 per char for text (a JSON escape).
     * {@link Integer#MAX_VALUE} for a value the writers turn into text first.
     */
    static int bound(Object v) {
        if (v == null) {
            return 4;
        } else if (v instanceof String s) {
            return s.length() > (Integer.MAX_VALUE - 2) / 6 ? Integer.MAX_VALUE : 2 + 6 * s.length();
        } else if (v instanceof Integer || v instanceof Long || v instanceof LocalDate) {
            return 22;
        } else if (v instanceof Double) {
            return 32;
        } else if (v instanceof Boolean) {
            return 5;
        } else if (v instanceof Instant) {
            return 48;
        } else if (v instanceof BigDecimal d) {
            long digits = (long) d.precision() + Math.abs((long) d.scale()) + 16;
            return digits > CAPACITY ? Integer.MAX_VALUE : (int) digits;
        } else if (v instanceof io.tributary.clean.JsonValue j) {
            // its text as it is in JSON Lines, or quoted in CSV: every quote doubled
            return j.json().length() > (Integer.MAX_VALUE - 2) / 6 ? Integer.MAX_VALUE : 2 + 6 * j.json().length();
        }
        return Integer.MAX_VALUE;
    }

    // ---- encoders: write at p in b and return the position after; the caller has reserved the room ----

    /** A whole number as decimal digits (at most 20 bytes). */
    static int number(byte[] b, int p, long v) {
        if (v >= 0 && v < SMALL.length) {
            byte[] digits = SMALL[(int) v];
            for (byte d : digits) {
                b[p++] = d;
            }
            return p;
        }
        if (v == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, b, p, MIN_LONG.length);
            return p + MIN_LONG.length;
        }
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            b[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        return end;
    }

    /**
     * A double the shortest way that reads back the same, as Jackson (and Java) write it (at most
     * 26 bytes). Values with at most 4 decimals between 0.001 and 10 million (prices, rates,
     * measures) are written straight from their digits: {@code m / 10^k} read back is the double
     * itself, so no shorter text can be; the rest go through Jackson's Schubfach writer.
     */
    static int number(byte[] b, int p, double v) {
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e7) {
            long m = Math.round(a * 10_000);
            if (m / 10_000.0 == a) {
                if (v < 0) {
                    b[p++] = '-';
                }
                p = number(b, p, m / 10_000);
                b[p++] = '.';
                int frac = (int) (m % 10_000);
                if (frac == 0) {
                    b[p++] = '0';
                    return p;
                }
                for (int divisor = 1000; frac > 0; divisor /= 10) {
                    b[p++] = (byte) ('0' + frac / divisor);
                    frac %= divisor;
                }
                return p;
            }
        }
        return ascii(b, p, NumberOutput.toString(v, true));
    }

    /** A date as yyyy-MM-dd; years outside 0-9999 as {@link LocalDate#toString()} writes them (at most 22 bytes). */
    static int date(byte[] b, int p, LocalDate d) {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            return ascii(b, p, d.toString());
        }
        p = twoDigits(b, p, year / 100);
        p = twoDigits(b, p, year % 100);
        b[p++] = '-';
        p = twoDigits(b, p, d.getMonthValue());
        b[p++] = '-';
        return twoDigits(b, p, d.getDayOfMonth());
    }

    /**
     * A timestamp as {@link Instant#toString()} writes it ({@code 2024-03-01T09:15:00Z}, a fraction in
     * groups of 3 digits as needed), at most 48 bytes.
     */
    static int timestamp(byte[] b, int p, Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_YEAR_0 || seconds >= FIRST_SECOND_OF_YEAR_10000) {
            return ascii(b, p, t.toString());
        }
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        p = date(b, p, LocalDate.ofEpochDay(days));
        b[p++] = 'T';
        p = twoDigits(b, p, secondOfDay / 3600);
        b[p++] = ':';
        p = twoDigits(b, p, secondOfDay / 60 % 60);
        b[p++] = ':';
        p = twoDigits(b, p, secondOfDay % 60);
        int nano = t.getNano();
        if (nano > 0) {
            b[p++] = '.';
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
            int v = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
            for (int i = digits - 1; i >= 0; i--) {
                b[p + i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            p += digits;
        }
        b[p++] = 'Z';
        return p;
    }

    private static final long FIRST_SECOND_OF_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long FIRST_SECOND_OF_YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

    private static int twoDigits(byte[] b, int p, int v) {
        b[p] = (byte) ('0' + v / 10);
        b[p + 1] = (byte) ('0' + v % 10);
        return p + 2;
    }

    /** Text known to be ASCII (numbers, ISO dates and times). */
    static int ascii(byte[] b, int p, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            b[p + i] = (byte) s.charAt(i);
        }
        return p + n;
    }

    /**
     * One char of {@code s} at {@code i} that is not ASCII, as UTF-8 (a surrogate pair as one
     * 4-byte sequence, a lone surrogate as {@code ?}, as {@link String#getBytes} does); returns the
     * new position, and the index of the last char used in {@code used[0]}.
     */
    private static int utf8(byte[] b, int p, String s, int i, int to, int[] used) {
        char c = s.charAt(i);
        used[0] = i;
        if (c < 0x800) {
            b[p] = (byte) (0xC0 | c >> 6);
            b[p + 1] = (byte) (0x80 | c & 0x3F);
            return p + 2;
        }
        if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                used[0] = i + 1;
                b[p] = (byte) (0xF0 | cp >> 18);
                b[p + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p + 3] = (byte) (0x80 | cp & 0x3F);
                return p + 4;
            }
            b[p] = '?';
            return p + 1;
        }
        b[p] = (byte) (0xE0 | c >> 12);
        b[p + 1] = (byte) (0x80 | c >> 6 & 0x3F);
        b[p + 2] = (byte) (0x80 | c & 0x3F);
        return p + 3;
    }

    /** {@code s[from, to)} as UTF-8, as it is (at most 3 bytes a char). */
    static int text(byte[] b, int p, String s, int from, int to) {
        int[] used = null;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else {
                if (used == null) {
                    used = new int[1];
                }
                p = utf8(b, p, s, i, to, used);
                i = used[0];
            }
        }
        return p;
    }

    /** {@code s[from, to)} inside a JSON string: quotes, backslashes and control characters escaped (at most 6 bytes a char). */
    static int jsonChars(byte[] b, int p, String s, int from, int to) {
        int[] used = null;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                b[p++] = (byte) c;
            } else if (c >= 0x80) {
                if (used == null) {
                    used = new int[1];
                }
                p = utf8(b, p, s, i, to, used);
                i = used[0];
            } else {
                b[p++] = '\\';
                switch (c) {
                    case '"' -> b[p++] = '"';
                    case '\\' -> b[p++] = '\\';
                    case '\n' -> b[p++] = 'n';
                    case '\r' -> b[p++] = 'r';
                    case '\t' -> b[p++] = 't';
                    case '\b' -> b[p++] = 'b';
                    case '\f' -> b[p++] = 'f';
                    default -> {
                        b[p++] = 'u';
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 0xF];
                    }
                }
            }
        }
        return p;
    }

    /** A JSON string that fits the reservation: quoted and escaped. */
    static int jsonString(byte[] b, int p, String s) {
        b[p++] = '"';
        p = jsonChars(b, p, s, 0, s.length());
        b[p++] = '"';
        return p;
    }

    /**
     * Whether a CSV field needs quotes (RFC 4180): it holds the separator, the quote or a line
     * break, or (as the first field of a record) starts with {@code #}.
     */
    static boolean csvNeedsQuotes(String s, char delimiter, char quote, boolean first) {
        int n = s.length();
        if (first && n > 0 && s.charAt(0) == '#') {
            return true;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == delimiter || c == quote || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** {@code s[from, to)} inside a quoted CSV field: quotes doubled (at most 3 bytes a char). */
    static int csvQuotedChars(byte[] b, int p, String s, int from, int to, char quote) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == quote) {
                p = text(b, p, s, start, i + 1);
                b[p++] = (byte) quote;
                start = i + 1;
            }
        }
        return text(b, p, s, start, to);
    }

    /** A CSV field that fits the reservation, quoted if it needs to be. */
    static int csvField(byte[] b, int p, String s, char delimiter, char quote, boolean first) {
        if (!csvNeedsQuotes(s, delimiter, quote, first)) {
            return text(b, p, s, 0, s.length());
        }
        b[p++] = (byte) quote;
        p = csvQuotedChars(b, p, s, 0, s.length(), quote);
        b[p++] = (byte) quote;
        return p;
    }

    // ---- text of any length, through the buffer in pieces ----

    /** Where the piece of {@code s} that starts at {@code from} ends: a surrogate pair is not split. */
    private static int pieceEnd(String s, int from) {
        int end = Math.min(s.length(), from + PIECE);
        if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** A JSON string of any length. */
    void jsonString(String s) throws IOException {
        write('"');
        for (int from = 0; from < s.length(); ) {
            int to = pieceEnd(s, from);
            pos = jsonChars(buf, reserve(6 * (to - from)), s, from, to);
            from = to;
        }
        write('"');
    }

    /** A CSV field of any length, quoted if it needs to be. */
    void csvField(String s, char delimiter, char quote, boolean first) throws IOException {
        boolean quoted = csvNeedsQuotes(s, delimiter, quote, first);
        if (quoted) {
            write(quote);
        }
        for (int from = 0; from < s.length(); ) {
            int to = pieceEnd(s, from);
            int p = reserve(3 * (to - from));
            pos = quoted ? csvQuotedChars(buf, p, s, from, to, quote) : text(buf, p, s, from, to);
            from = to;
        }
        if (quoted) {
            write(quote);
        }
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
