package io.tributary.clean;

/**
 * Remembers which rows (or row keys) were seen, by a 128-bit hash of their values, never the rows:
 * 16 bytes per distinct key (24 when it also keeps a position, for "keep the last"), at a load of
 * 50-75%. This is the only structure of a cleaning run that grows with the row count. Two different
 * keys share a 128-bit hash with negligible probability (about 1 in 10^20 for a billion rows).
 *
 * <p>The table is split into {@value #SEGMENTS} segments that grow by half each time one fills, so
 * no single array is large and growing never needs twice the memory of the whole index: five
 * million distinct rows take about 110-160 MB, within a 256 MB heap.
 */
public final class DuplicateIndex {

    static final int SEGMENTS = 256;
    private static final int INITIAL_SLOTS = 64;

    private final int stride;
    private final long[][] segments = new long[SEGMENTS][];
    private final int[] used = new int[SEGMENTS];
    private int size;
    private boolean hasZero;
    private long zeroPosition;

    /** @param withPositions whether each key also keeps a position ({@link #put}, {@link #position}) */
    public DuplicateIndex(boolean withPositions) {
        this.stride = withPositions ? 3 : 2;
        for (int s = 0; s < SEGMENTS; s++) {
            segments[s] = new long[stride * INITIAL_SLOTS];
        }
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
        long[] t = segments[segment(h2)];
        int at = slotOf(t, h1, h2);
        if (t[at] == 0 && t[at + 1] == 0) {
            return -1;
        }
        return stride == 3 ? t[at + 2] : 0;
    }

    /** Where a key is in a table, or the empty slot where it would go (linear probing). */
    private int slotOf(long[] t, long h1, long h2) {
        int slots = t.length / stride;
        int i = slot(h1, slots);
        while (true) {
            int at = i * stride;
            long a = t[at];
            long b = t[at + 1];
            if ((a == 0 && b == 0) || (a == h1 && b == h2)) {
                return at;
            }
            i = i + 1 == slots ? 0 : i + 1;
        }
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    private static int segment(long h2) {
        return (int) (h2 >>> 56);
    }

    private static int slot(long h1, int slots) {
        return (int) Long.remainderUnsigned(mix(h1), slots);
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
        int s = segment(h2);
        long[] t = segments[s];
        if ((used[s] + 1) * 4L >= (long) (t.length / stride) * 3) {
            t = grow(s);
        }
        boolean added = insert(t, h1, h2, position, replace);
        if (added) {
            used[s]++;
            size++;
        }
        return added;
    }

    private boolean insert(long[] t, long h1, long h2, long position, boolean replace) {
        int at = slotOf(t, h1, h2);
        boolean added = t[at] == 0 && t[at + 1] == 0;
        if (added) {
            t[at] = h1;
            t[at + 1] = h2;
        }
        if (stride == 3 && (added || replace)) {
            t[at + 2] = position;
        }
        return added;
    }

    private long[] grow(int s) {
        long[] old = segments[s];
        int slots = old.length / stride;
        long[] bigger = new long[stride * (slots + slots / 2)];
        for (int i = 0; i < old.length; i += stride) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(bigger, old[i], old[i + 1], stride == 3 ? old[i + 2] : 0, false);
            }
        }
        segments[s] = bigger;
        return bigger;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
