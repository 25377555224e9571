package io.tributary.clean;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Statistics of one column's values as they stream past, in memory that does not grow with the
 * row count: missing count, min, max, mean and standard deviation (Welford), and on request a
 * distinct estimate, quantiles ({@link QuantileSketch}) and the most frequent value.
 */
public final class ColumnStats {

    /** Distinct values counted for the mode; a column with more has no meaningful mode. */
    static final int MODE_LIMIT = 10_000;

    private final DistinctEstimate distinct;
    private final QuantileSketch quantiles;
    private final Map<Object, long[]> modeCounts;
    private final boolean spread;
    private boolean modeOverflow;
    private long seen;
    private long missing;
    private long numbers;
    private double mean;
    private double m2;
    private double sum;
    private double sumError;
    private Comparable<Object> min;
    private Comparable<Object> max;
    /**
     * Values seen before, by their hash: a direct-mapped table of objects. Readers and parsers
     * hand out one object per repeated value, so a column of codes, categories or dates finds
     * almost every value here and skips min, max and the distinct estimate.
     */
    private final Object[] recent = new Object[1 << RECENT_BITS];
    private static final int RECENT_BITS = 9;

    private ColumnStats(boolean withDistinct, boolean withQuantiles, boolean withMode, boolean withSpread) {
        this.distinct = withDistinct ? new DistinctEstimate() : null;
        this.quantiles = withQuantiles ? new QuantileSketch() : null;
        this.modeCounts = withMode ? new HashMap<>() : null;
        this.spread = withSpread;
    }

    /** For a report: missing count, min, max, mean and a distinct estimate. */
    public static ColumnStats forReport() {
        return new ColumnStats(true, false, false, false);
    }

    /** For rules that need whole-column statistics: mean and standard deviation, and on request quantiles and the mode. */
    public static ColumnStats forRules(boolean withQuantiles, boolean withMode) {
        return new ColumnStats(false, withQuantiles, withMode, true);
    }

    @SuppressWarnings("unchecked")
    public void add(Object value) {
        if (value == null) {
            missing++;
            return;
        }
        long order = seen++;
        if (value instanceof Number n) {
            double d = n instanceof Integer i ? i : n instanceof Double x ? x
                    : n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue();
            numbers++;
            if (spread) {
                // Welford: mean and variance in one pass, without cancellation
                double delta = d - mean;
                mean += delta / numbers;
                m2 += delta * (d - mean);
            } else {
                // Kahan: a compensated sum
                double y = d - sumError;
                double t = sum + y;
                sumError = (t - sum) - y;
                sum = t;
            }
            if (quantiles != null) {
                quantiles.add(d);
            }
        }
        // Fibonacci hashing: the high bits of the product (a double's hash has zero low bits)
        int slot = (value.hashCode() * 0x9E3779B9) >>> (32 - RECENT_BITS);
        if (recent[slot] != value) {
            // a value seen before (the same object: readers and parsers hand out one object per
            // repeated value) cannot change min, max or the distinct estimate
            recent[slot] = value;
            if (value instanceof Comparable<?>) {
                if (min == null) {
                    min = (Comparable<Object>) value;
                    max = min;
                } else if (value != min && value != max) {
                    if (compare(value, min) < 0) {
                        min = (Comparable<Object>) value;
                    } else if (compare(value, max) > 0) {
                        max = (Comparable<Object>) value;
                    }
                }
            }
            if (distinct != null) {
                distinct.add(value);
            }
        }
        if (modeCounts != null) {
            long[] count = modeCounts.get(value);
            if (count != null) {
                count[0]++;
            } else if (modeCounts.size() < MODE_LIMIT) {
                modeCounts.put(value, new long[]{1, order});
            } else {
                modeOverflow = true;
            }
        }
    }

    /**
     * Adds the statistics of a later part of the same column, read on its own (kept for rules,
     * {@link #forRules}): the counts, min and max, quantiles and mode as if one had read both
     * parts in order, the mean and standard deviation merged (Chan et al.), equal to one pass's
     * but for rounding. False, changing nothing, when the parts cannot be merged exactly: either
     * part's quantiles are an estimate, or the modes' counts would pass {@value #MODE_LIMIT}
     * distinct values.
     */
    /** Whether statistics of another part could still be merged into these exactly (see {@link #addLaterPart}). */
    boolean mergesExactly() {
        return (quantiles == null || quantiles.isExact()) && !modeOverflow;
    }

    @SuppressWarnings("unchecked")
    boolean addLaterPart(ColumnStats later) {
        if (!spread || !later.spread || (quantiles == null) != (later.quantiles == null)
                || (modeCounts == null) != (later.modeCounts == null)) {
            throw new IllegalArgumentException("only statistics kept alike for rules merge");
        }
        if (!mergesExactly() || !later.mergesExactly()) {
            return false;
        }
        if (modeCounts != null) {
            long union = modeCounts.size();
            for (Object v : later.modeCounts.keySet()) {
                if (!modeCounts.containsKey(v)) {
                    union++;
                }
            }
            if (union > MODE_LIMIT) {
                return false;
            }
            for (Map.Entry<Object, long[]> e : later.modeCounts.entrySet()) {
                long[] count = modeCounts.get(e.getKey());
                if (count != null) {
                    count[0] += e.getValue()[0];
                } else {
                    // first seen in the later part: after every value of this one
                    modeCounts.put(e.getKey(), new long[]{e.getValue()[0], seen + e.getValue()[1]});
                }
            }
        }
        if (quantiles != null) {
            quantiles.addExact(later.quantiles);
        }
        if (later.numbers > 0) {
            long n = numbers + later.numbers;
            double delta = later.mean - mean;
            mean += delta * later.numbers / n;
            m2 += later.m2 + delta * delta * ((double) numbers * later.numbers / n);
            numbers = n;
        }
        if (later.min != null) {
            if (min == null) {
                min = later.min;
                max = later.max;
            } else {
                if (compare(later.min, min) < 0) {
                    min = later.min;
                }
                if (compare(later.max, max) > 0) {
                    max = later.max;
                }
            }
        }
        seen += later.seen;
        missing += later.missing;
        return true;
    }

    /** Orders two values of a column, the common types without a call through Comparable. */
    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        if (a instanceof Integer x && b instanceof Integer y) {
            return Integer.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return x.compareTo(y);
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    public long missing() {
        return missing;
    }

    public long present() {
        return seen;
    }

    public Object min() {
        return min;
    }

    public Object max() {
        return max;
    }

    /** The mean of the numeric values, or NaN when there are none. */
    public double mean() {
        return numbers == 0 ? Double.NaN : spread ? mean : sum / numbers;
    }

    /** The population standard deviation (pandas' {@code std(ddof=0)}, as scipy's z-score uses). */
    public double standardDeviation() {
        if (!spread) {
            throw new IllegalStateException("statistics kept for a report have no standard deviation");
        }
        return numbers == 0 ? Double.NaN : Math.sqrt(m2 / numbers);
    }

    public long distinctEstimate() {
        return distinct == null ? -1 : distinct.estimate();
    }

    public QuantileSketch quantiles() {
        return quantiles;
    }

    /** The most frequent value; on a tie, the one that appeared first in the file. Null when no values. */
    public Object mode() {
        Object best = null;
        long bestCount = -1;
        long bestOrder = Long.MAX_VALUE;
        for (Map.Entry<Object, long[]> e : modeCounts.entrySet()) {
            long[] c = e.getValue();
            if (c[0] > bestCount || (c[0] == bestCount && c[1] < bestOrder)) {
                best = e.getKey();
                bestCount = c[0];
                bestOrder = c[1];
            }
        }
        return best;
    }

    /** True when the column had more distinct values than the mode counts (the mode is then of the first ones). */
    public boolean modeIsApproximate() {
        return modeOverflow;
    }
}
