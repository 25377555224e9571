package io.tributary.clean;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A 128-bit hash (MurmurHash3 x64-128 mixing, fed 64-bit words) of a sequence of typed values:
 * the identity of a row, or of its key columns, for {@link DuplicateIndex}. Values are hashed by
 * type and content without making text of them: {@code 2} (int) and {@code "2"} (text) differ,
 * a missing value differs from every value, and each value is delimited, so {@code ("ab","c")}
 * and {@code ("a","bc")} differ. Reused for every row; not thread-safe.
 */
public final class RowHash {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long h1;
    private long h2;
    private long pending;
    private boolean hasPending;
    private long words;

    public RowHash reset() {
        h1 = 0x9747b28cL;
        h2 = 0x9747b28cL;
        hasPending = false;
        words = 0;
        return this;
    }

    // the first word of each value starts with its kind, so the words of a row read back into
    // exactly one sequence of values: rows with different values hash apart
    private static final long NULL = 1L << 56;
    private static final long INT = 2L << 56;
    private static final long LONG = 3L << 56;
    private static final long DOUBLE = 4L << 56;
    private static final long BOOLEAN = 5L << 56;
    private static final long DATE = 6L << 56;
    private static final long TIMESTAMP = 7L << 56;
    private static final long DECIMAL = 8L << 56;
    private static final long OTHER = 9L << 56;
    private static final long TEXT = 10L << 56;
    private static final long LATIN1_TEXT = 11L << 56;

    /** Adds one value (null, text, a number, a boolean, a date or a timestamp). */
    public RowHash add(Object v) {
        if (v == null) {
            word(NULL);
        } else if (v instanceof Integer n) {
            word(INT | (n & 0xFFFFFFFFL));
        } else if (v instanceof String s) {
            text(s);
        } else if (v instanceof Double d) {
            word(DOUBLE);
            word(Double.doubleToLongBits(d == 0.0 ? 0.0 : d));
        } else if (v instanceof Long n) {
            word(LONG);
            word(n);
        } else if (v instanceof LocalDate d) {
            word(DATE | (d.getYear() & 0xFFFFFFFFL) << 9 | d.getMonthValue() << 5 | d.getDayOfMonth());
        } else if (v instanceof Boolean b) {
            word(BOOLEAN | (b ? 1 : 0));
        } else if (v instanceof Instant t) {
            word(TIMESTAMP | t.getNano());
            word(t.getEpochSecond());
        } else if (v instanceof BigDecimal d) {
            // 1.50 and 1.5 are the same amount
            text(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
            word(DECIMAL);
        } else {
            text(v.toString());
            word(OTHER);
        }
        return this;
    }

    /** Text: its length, then its characters, 8 to a word when all are Latin-1, else 4. */
    private void text(String s) {
        int n = s.length();
        boolean latin1 = true;
        for (int i = 0; i < n && latin1; i++) {
            latin1 = s.charAt(i) < 0x100;
        }
        word((latin1 ? LATIN1_TEXT : TEXT) | n);
        int perWord = latin1 ? 8 : 4;
        int bits = latin1 ? 8 : 16;
        for (int i = 0; i < n; i += perWord) {
            long w = 0;
            for (int k = 0, end = Math.min(n, i + perWord); i + k < end; k++) {
                w |= (long) s.charAt(i + k) << (k * bits);
            }
            word(w);
        }
    }

    private void word(long k) {
        words++;
        if (!hasPending) {
            pending = k;
            hasPending = true;
            return;
        }
        hasPending = false;
        long k1 = pending;
        long k2 = k;
        k1 *= C1; k1 = Long.rotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
        h1 = Long.rotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
        k2 *= C2; k2 = Long.rotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
        h2 = Long.rotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
    }

    /** Finishes the hash; read it with {@link #h1()} and {@link #h2()}. */
    public RowHash finish() {
        if (hasPending) {
            long k1 = pending;
            k1 *= C1; k1 = Long.rotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            hasPending = false;
        }
        h1 ^= words * 8; h2 ^= words * 8;
        h1 += h2; h2 += h1;
        h1 = fmix(h1); h2 = fmix(h2);
        h1 += h2; h2 += h1;
        return this;
    }

    public long h1() {
        return h1;
    }

    public long h2() {
        return h2;
    }

    private static long fmix(long k) {
        k ^= k >>> 33; k *= 0xff51afd7ed558ccdL; k ^= k >>> 33; k *= 0xc4ceb9fe1a85ec53L; k ^= k >>> 33;
        return k;
    }
}
