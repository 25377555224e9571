package io.tributary.clean;

import com.tdunning.math.stats.Centroid;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;

import java.util.Arrays;

/**
 * Quantiles of a numeric column in bounded memory: exact (values kept and sorted) up to
 * {@value #EXACT_LIMIT} values, then a t-digest (compression 200: rank error well under 1%, far
 * less in the tails) that stays a few kilobytes however long the file is.
 */
public final class QuantileSketch {

    static final int EXACT_LIMIT = 1 << 16;

    private double[] values = new double[256];
    private int count;
    private boolean sorted;
    private TDigest digest;

    public void add(double v) {
        if (digest != null) {
            digest.add(v);
            return;
        }
        if (count == values.length) {
            if (count == EXACT_LIMIT) {
                digest = new MergingDigest(200);
                for (int i = 0; i < count; i++) {
                    digest.add(values[i]);
                }
                values = null;
                digest.add(v);
                return;
            }
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = v;
        sorted = false;
    }

    public boolean isExact() {
        return digest == null;
    }

    public long size() {
        return digest != null ? digest.size() : count;
    }

    /**
     * The q-quantile (0..1) with linear interpolation between order statistics (pandas' default,
     * so the median of 1, 2, 3, 4 is 2.5); NaN when no value was added.
     */
    public double quantile(double q) {
        if (digest != null) {
            return digest.quantile(q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        sort();
        double pos = q * (count - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return values[lo] + (values[hi] - values[lo]) * (pos - lo);
    }

    /** The median absolute deviation from the median (exact, or estimated from the digest's centroids). */
    public double medianAbsoluteDeviation() {
        double median = quantile(0.5);
        if (Double.isNaN(median)) {
            return Double.NaN;
        }
        QuantileSketch deviations = new QuantileSketch();
        if (digest != null) {
            TDigest d = new MergingDigest(200);
            for (Centroid c : digest.centroids()) {
                d.add(Math.abs(c.mean() - median), c.count());
            }
            deviations.digest = d;
        } else {
            for (int i = 0; i < count; i++) {
                deviations.add(Math.abs(values[i] - median));
            }
        }
        return deviations.quantile(0.5);
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, count);
            sorted = true;
        }
    }
}
