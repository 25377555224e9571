package io.tributary.clean;

import io.tributary.clean.DatasetSpec.OutlierAction;
import io.tributary.clean.DatasetSpec.OutlierMethod;
import io.tributary.clean.DatasetSpec.Outliers;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code columns.<column>.outliers}: bounds from the whole file (IQR, z-score or modified
 * z-score), and per row a value outside them removes the row ({@code outlier:<column>}), is
 * clamped to the nearer bound, set missing, or flagged in a boolean column this rule adds.
 */
final class OutlierBounds implements RowRule {
    private final HeaderBinding binding;
    /** The input columns with an outlier rule, in order. */
    private final int[] columns;
    private final Outliers[] rules;
    /** Per input column, the position of its flag column, or -1. */
    private final int[] flagIndex;
    private final double[] low;
    private final double[] high;
    private final long[] counts;

    /** The rule name under which rows removed as outliers of a column are counted. */
    static String rule(String column) {
        return "outlier:" + column;
    }

    /** The rule for the columns of this binding (adding their flag columns), or null when none has one. */
    static OutlierBounds of(HeaderBinding binding) {
        int[] columns = binding.inputColumnsWhere(c -> c.outliers() != null);
        return columns.length == 0 ? null : new OutlierBounds(binding, columns);
    }

    private OutlierBounds(HeaderBinding binding, int[] columns) {
        this.binding = binding;
        this.columns = columns;
        int n = binding.inputCount;
        rules = new Outliers[n];
        flagIndex = new int[n];
        low = new double[n];
        high = new double[n];
        counts = new long[n];
        java.util.Arrays.fill(flagIndex, -1);
        java.util.Arrays.fill(low, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(high, Double.POSITIVE_INFINITY);
        for (int i : columns) {
            rules[i] = binding.rules[i].outliers();
            if (rules[i].action() == OutlierAction.FLAG) {
                flagIndex[i] = binding.add(rules[i].flagColumn(), ColumnType.BOOLEAN, "flag",
                        "columns." + binding.columns.get(i) + ".outliers.flag_column");
            }
        }
    }

    @Override
    public Map<Integer, Needs> statistics() {
        Map<Integer, Needs> needs = new LinkedHashMap<>();
        for (int i : columns) {
            needs.put(i, new Needs(rules[i].method() != OutlierMethod.Z_SCORE, false));
        }
        return needs;
    }

    @Override
    public void resolve(ColumnStats[] stats, ReportParts report) {
        for (int i : columns) {
            bounds(i, stats[i], report);
        }
    }

    private void bounds(int i, ColumnStats stats, ReportParts report) {
        Outliers o = rules[i];
        String name = binding.columns.get(i);
        if (stats.present() == 0) {
            report.saidEmpty.add(i);
            report.warnings.add("column " + name + ": no values; no outlier bounds");
            return;
        }
        double t = o.threshold();
        switch (o.method()) {
            case IQR -> {
                double q1 = stats.quantiles().quantile(0.25);
                double q3 = stats.quantiles().quantile(0.75);
                low[i] = q1 - t * (q3 - q1);
                high[i] = q3 + t * (q3 - q1);
            }
            case Z_SCORE -> {
                double sd = stats.standardDeviation();
                if (sd == 0) {
                    report.warnings.add("column " + name + ": all values are equal (standard deviation 0); "
                            + "no value is a z-score outlier");
                    return;
                }
                low[i] = stats.mean() - t * sd;
                high[i] = stats.mean() + t * sd;
            }
            case MODIFIED_Z_SCORE -> {
                double median = stats.quantiles().quantile(0.5);
                double mad = stats.quantiles().medianAbsoluteDeviation();
                if (mad == 0) {
                    report.warnings.add("column " + name + ": more than half the values are equal (MAD 0); "
                            + "no value is a modified z-score outlier");
                    return;
                }
                // modified z = 0.6745 (x - median) / MAD (Iglewicz and Hoaglin)
                low[i] = median - t * mad / 0.6745;
                high[i] = median + t * mad / 0.6745;
            }
        }
        if (o.method() != OutlierMethod.Z_SCORE && !stats.quantiles().isExact()) {
            report.warnings.add(estimatedQuantiles(name));
        }
    }

    static String estimatedQuantiles(String column) {
        return "column " + column + ": more than " + QuantileSketch.EXACT_LIMIT
                + " distinct values; its quantiles are t-digest estimates";
    }

    @Override
    public int apply(RowState st) {
        Object[] row = st.row;
        for (int i : columns) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            double d = v instanceof BigDecimal b ? b.doubleValue() : ((Number) v).doubleValue();
            boolean outlier = d < low[i] || d > high[i];
            if (flagIndex[i] >= 0) {
                row[flagIndex[i]] = outlier;
            }
            if (!outlier) {
                continue;
            }
            if (st.counting) {
                counts[i]++;
            }
            switch (rules[i].action()) {
                case REMOVE -> {
                    return st.fail(rule(binding.columns.get(i)), null);
                }
                case CLAMP -> row[i] = clamp(d < low[i] ? low[i] : high[i], d < low[i], binding.rules[i].type());
                case SET_NULL -> row[i] = null;
                case FLAG -> {
                }
            }
        }
        return RowState.KEEP;
    }

    /** A bound as a value of the column's type, rounded inwards so the clamped value is within bounds. */
    private static Object clamp(double bound, boolean isLow, ColumnType type) {
        double inward = isLow ? Math.ceil(bound) : Math.floor(bound);
        return switch (type) {
            case INT -> (int) inward;
            case LONG -> (long) inward;
            case DECIMAL -> BigDecimal.valueOf(bound);
            default -> bound;
        };
    }

    @Override
    public void report(ReportParts report) {
        for (int i : columns) {
            Outliers o = rules[i];
            report.outliers.put(binding.columns.get(i), new CleanReport.OutlierReport(o.method(), o.threshold(),
                    Double.isInfinite(low[i]) ? null : low[i], Double.isInfinite(high[i]) ? null : high[i],
                    o.action(), counts[i]));
        }
    }
}
