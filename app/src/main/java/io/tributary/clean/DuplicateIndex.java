package io.tributary.clean;

import java.nio.charset.StandardCharsets;

/**
 * Remembers which rows were seen, by a 128-bit hash of their values, never the rows: 16 bytes per
 * distinct row in an open-addressing table. This is the only structure of a cleaning run that grows
 * with the row count. Two different rows share a 128-bit hash with negligible probability
 * (about 1 in 10^20 for a billion rows).
 */
public final class DuplicateIndex {

    private final long[] hash = new long[2];
    private long[] table = new long[2 * 1024];
    private int size;
    private boolean hasZero;

    /** Adds a row's canonical text; false when an equal row was added before. */
    public boolean add(CharSequence canonicalRow) {
        byte[] bytes = canonicalRow.toString().getBytes(StandardCharsets.UTF_8);
        Murmur3.hash128(bytes, 0x9747b28cL, hash);
        return add(hash[0], hash[1]);
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    private boolean add(long h1, long h2) {
        if (h1 == 0 && h2 == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            return true;
        }
        if ((size + 1) * 4L >= (long) (table.length / 2) * 3) {
            grow();
        }
        return insert(table, h1, h2);
    }

    private boolean insert(long[] t, long h1, long h2) {
        int slots = t.length / 2;
        int i = (int) (mix(h1) & (slots - 1));
        while (true) {
            long a = t[2 * i];
            long b = t[2 * i + 1];
            if (a == 0 && b == 0) {
                t[2 * i] = h1;
                t[2 * i + 1] = h2;
                if (t == table) {
                    size++;
                }
                return true;
            }
            if (a == h1 && b == h2) {
                return false;
            }
            i = (i + 1) & (slots - 1);
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(bigger, old[i], old[i + 1]);
            }
        }
        table = bigger;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** MurmurHash3 x64 128-bit. */
    static final class Murmur3 {
        private static final long C1 = 0x87c37b91114253d5L;
        private static final long C2 = 0x4cf5ad432745937fL;

        static void hash128(byte[] data, long seed, long[] out) {
            long h1 = seed;
            long h2 = seed;
            int len = data.length;
            int blocks = len / 16;
            for (int i = 0; i < blocks; i++) {
                long k1 = getLong(data, i * 16);
                long k2 = getLong(data, i * 16 + 8);
                k1 *= C1; k1 = Long.rotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
                h1 = Long.rotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
                k2 *= C2; k2 = Long.rotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
                h2 = Long.rotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
            }
            long k1 = 0;
            long k2 = 0;
            int tail = blocks * 16;
            for (int i = (len & 15) - 1; i >= 0; i--) {
                long b = data[tail + i] & 0xffL;
                if (i >= 8) {
                    k2 |= b << ((i - 8) * 8);
                } else {
                    k1 |= b << (i * 8);
                }
            }
            if (k2 != 0) {
                k2 *= C2; k2 = Long.rotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
            }
            if (k1 != 0) {
                k1 *= C1; k1 = Long.rotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            }
            h1 ^= len; h2 ^= len;
            h1 += h2; h2 += h1;
            h1 = fmix(h1); h2 = fmix(h2);
            h1 += h2; h2 += h1;
            out[0] = h1;
            out[1] = h2;
        }

        private static long getLong(byte[] b, int i) {
            return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
        }

        private static long fmix(long k) {
            k ^= k >>> 33; k *= 0xff51afd7ed558ccdL; k ^= k >>> 33; k *= 0xc4ceb9fe1a85ec53L; k ^= k >>> 33;
            return k;
        }
    }
}
