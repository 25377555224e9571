package io.tributary.clean;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;

import java.util.Arrays;

/**
 * Quantiles of a numeric column in bounded memory: exact while the column has at most
 * {@value #EXACT_LIMIT} distinct values, however many rows (each distinct value kept once with
 * its count: prices, ages, counts and codes of real files), then a t-digest (compression 200:
 * rank error well under 1%, far less in the tails) that stays a few kilobytes however long the
 * file is. The exact quantiles do not depend on the order the values came in.
 */
public final class QuantileSketch {

    static final int EXACT_LIMIT = 1 << 16;

    /** Distinct values (by their bits: -0.0 and 0.0 apart, as sorting keeps them) and their counts; count 0 is a free slot. */
    private long[] keys = new long[256];
    private long[] counts = new long[256];
    private int distinct;
    private long size;
    private TDigest digest;
    /** The distinct values in order and the running count up to each, made when first asked. */
    private double[] ordered;
    private long[] below;

    public void add(double v) {
        add(v, 1);
    }

    /** Adds a value {@code weight} times. */
    void add(double v, long weight) {
        size += weight;
        if (digest != null) {
            addToDigest(digest, v, weight);
            return;
        }
        ordered = null;
        long bits = Double.doubleToLongBits(v);
        int mask = keys.length - 1;
        int slot = spread(bits) & mask;
        while (counts[slot] != 0) {
            if (keys[slot] == bits) {
                counts[slot] += weight;
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = bits;
        counts[slot] = weight;
        if (++distinct > EXACT_LIMIT) {
            toDigest();
        } else if (distinct * 2 > keys.length) {
            grow();
        }
    }

    private static int spread(long bits) {
        long h = bits * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int slot = spread(oldKeys[i]) & mask;
                while (counts[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    /** Too many distinct values: the digest takes over, given the counted values in order (so the same file gives the same digest). */
    private void toDigest() {
        order();
        TDigest d = new MergingDigest(200);
        long previous = 0;
        for (int i = 0; i < ordered.length; i++) {
            addToDigest(d, ordered[i], below[i] - previous);
            previous = below[i];
        }
        digest = d;
        keys = null;
        counts = null;
        ordered = null;
        below = null;
    }

    /** One at a time: the digest's merge asserts that its smallest and largest centroids weigh 1 (t-digest issue 215). */
    private static void addToDigest(TDigest d, double v, long weight) {
        for (long i = 0; i < weight; i++) {
            d.add(v);
        }
    }

    /**
     * Adds the values of a sketch of a later part of the column, when both are exact (the result
     * is then exactly the sketch of both parts' values); false, adding nothing, when either is an
     * estimate.
     */
    boolean addExact(QuantileSketch later) {
        if (digest != null || later.digest != null) {
            return false;
        }
        for (int i = 0; i < later.keys.length; i++) {
            if (later.counts[i] != 0) {
                add(Double.longBitsToDouble(later.keys[i]), later.counts[i]);
            }
        }
        return true;
    }

    public boolean isExact() {
        return digest == null;
    }

    public long size() {
        return size;
    }

    /**
     * The q-quantile (0..1) with linear interpolation between order statistics (pandas' default,
     * so the median of 1, 2, 3, 4 is 2.5); NaN when no value was added.
     */
    public double quantile(double q) {
        if (digest != null) {
            return digest.quantile(q);
        }
        if (size == 0) {
            return Double.NaN;
        }
        order();
        double pos = q * (size - 1);
        long lo = (long) Math.floor(pos);
        long hi = (long) Math.ceil(pos);
        double low = orderStatistic(lo);
        return low + (orderStatistic(hi) - low) * (pos - lo);
    }

    /** The k-th smallest value (from 0). */
    private double orderStatistic(long k) {
        int i = Arrays.binarySearch(below, k + 1);
        // below[i] is the count of values up to and including ordered[i]: the first with below > k
        return ordered[i >= 0 ? i : -i - 1];
    }

    private void order() {
        if (ordered != null) {
            return;
        }
        double[] values = new double[distinct];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (counts[i] != 0) {
                values[n++] = Double.longBitsToDouble(keys[i]);
            }
        }
        Arrays.sort(values);
        long[] running = new long[distinct];
        long total = 0;
        int mask = keys.length - 1;
        for (int i = 0; i < values.length; i++) {
            long bits = Double.doubleToLongBits(values[i]);
            int slot = spread(bits) & mask;
            while (keys[slot] != bits || counts[slot] == 0) {
                slot = (slot + 1) & mask;
            }
            total += counts[slot];
            running[i] = total;
        }
        ordered = values;
        below = running;
    }

    /**
     * The median absolute deviation from the median: exact, or from the digest the distance d at
     * which half the values lie within d of the median (its distribution function, by bisection).
     */
    public double medianAbsoluteDeviation() {
        double median = quantile(0.5);
        if (Double.isNaN(median)) {
            return Double.NaN;
        }
        if (digest != null) {
            double within = 0;
            double beyond = Math.max(digest.getMax() - median, median - digest.getMin());
            for (int i = 0; i < 200 && beyond - within > Math.ulp(beyond); i++) {
                double d = (within + beyond) / 2;
                if (digest.cdf(median + d) - digest.cdf(median - d) < 0.5) {
                    within = d;
                } else {
                    beyond = d;
                }
            }
            return beyond;
        }
        QuantileSketch deviations = new QuantileSketch();
        long previous = 0;
        for (int i = 0; i < ordered.length; i++) {
            deviations.add(Math.abs(ordered[i] - median), below[i] - previous);
            previous = below[i];
        }
        return deviations.quantile(0.5);
    }
}
