package io.tributary.clean;

/**
 * A HyperLogLog count of distinct values in 4 KB (4,096 registers: about 1.6% standard error),
 * exact in practice for small counts through linear counting.
 */
public final class DistinctEstimate {

    private static final int P = 12;
    private static final int M = 1 << P;
    private final byte[] registers = new byte[M];

    public void add(Object value) {
        // a column holds one type of value, so its values' own hash codes tell them apart
        long h = mix(value.hashCode() * 0x9E3779B97F4A7C15L);
        int index = (int) (h >>> (64 - P));
        int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    public long estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += 1.0 / (1L << r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / M);
        double e = alpha * M * M / sum;
        if (e <= 2.5 * M && zeros > 0) {
            e = M * Math.log((double) M / zeros);
        }
        return Math.round(e);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
