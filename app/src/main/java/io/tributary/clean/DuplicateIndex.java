package io.tributary.clean;

/**
 * Remembers which rows (or row keys) were seen, by a 128-bit hash of their values, never the rows:
 * 16 bytes per distinct key in an open-addressing table, 24 when it also keeps a position (for
 * "keep the last"). This is the only structure of a cleaning run that grows with the row count.
 * Two different keys share a 128-bit hash with negligible probability (about 1 in 10^20 for a
 * billion rows).
 */
public final class DuplicateIndex {

    private final int stride;
    private long[] table;
    private int size;
    private boolean hasZero;
    private long zeroPosition;

    /** @param withPositions whether each key also keeps a position ({@link #put}, {@link #position}) */
    public DuplicateIndex(boolean withPositions) {
        this.stride = withPositions ? 3 : 2;
        this.table = new long[stride * 1024];
    }

    public DuplicateIndex() {
        this(false);
    }

    /** Adds a hashed key; false when it was added before. */
    public boolean add(RowHash hash) {
        return put(hash.h1(), hash.h2(), 0, false);
    }

    /** Records the position of a hashed key, replacing an earlier one. */
    public void put(RowHash hash, long position) {
        put(hash.h1(), hash.h2(), position, true);
    }

    /** The position recorded for a hashed key, or -1. */
    public long position(RowHash hash) {
        long h1 = hash.h1();
        long h2 = hash.h2();
        if (h1 == 0 && h2 == 0) {
            return hasZero ? zeroPosition : -1;
        }
        int slots = table.length / stride;
        int i = (int) (mix(h1) & (slots - 1));
        while (true) {
            int at = i * stride;
            long a = table[at];
            long b = table[at + 1];
            if (a == 0 && b == 0) {
                return -1;
            }
            if (a == h1 && b == h2) {
                return stride == 3 ? table[at + 2] : 0;
            }
            i = (i + 1) & (slots - 1);
        }
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    private boolean put(long h1, long h2, long position, boolean replace) {
        if (h1 == 0 && h2 == 0) {
            boolean added = !hasZero;
            if (added || replace) {
                zeroPosition = position;
            }
            hasZero = true;
            return added;
        }
        if ((size + 1) * 4L >= (long) (table.length / stride) * 3) {
            grow();
        }
        return insert(table, h1, h2, position, replace);
    }

    private boolean insert(long[] t, long h1, long h2, long position, boolean replace) {
        int slots = t.length / stride;
        int i = (int) (mix(h1) & (slots - 1));
        while (true) {
            int at = i * stride;
            long a = t[at];
            long b = t[at + 1];
            if (a == 0 && b == 0) {
                t[at] = h1;
                t[at + 1] = h2;
                if (stride == 3) {
                    t[at + 2] = position;
                }
                if (t == table) {
                    size++;
                }
                return true;
            }
            if (a == h1 && b == h2) {
                if (replace && stride == 3) {
                    t[at + 2] = position;
                }
                return false;
            }
            i = (i + 1) & (slots - 1);
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (int i = 0; i < old.length; i += stride) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(bigger, old[i], old[i + 1], stride == 3 ? old[i + 2] : 0, false);
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
}
