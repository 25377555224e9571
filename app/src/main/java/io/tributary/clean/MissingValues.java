package io.tributary.clean;

import io.tributary.clean.DatasetSpec.Missing;
import io.tributary.clean.DatasetSpec.MissingStrategy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code columns.<column>.missing}: a missing value drops its row ({@code missing:<column>}) or is
 * filled with a constant, the file's mean, median or mode, or the last valid value before it
 * (DataBrew's FILL_WITH_* strategies).
 */
final class MissingValues implements RowRule {
    private final HeaderBinding binding;
    /** The input columns with a missing-value rule, in order. */
    private final int[] columns;
    private final Missing[] rules;
    private final Object[] fills;
    private final long[] filled;
    private Object[] lastValid;

    /** The rule name under which rows dropped for a missing value of a column are counted. */
    static String rule(String column) {
        return "missing:" + column;
    }

    /** The rule for the columns of this binding, or null when no column has one. */
    static MissingValues of(HeaderBinding binding) {
        int[] columns = binding.inputColumnsWhere(c -> c.missing() != null);
        return columns.length == 0 ? null : new MissingValues(binding, columns);
    }

    private MissingValues(HeaderBinding binding, int[] columns) {
        this.binding = binding;
        this.columns = columns;
        int n = binding.inputCount;
        rules = new Missing[n];
        fills = new Object[n];
        filled = new long[n];
        for (int i : columns) {
            rules[i] = binding.rules[i].missing();
            if (rules[i].strategy() == MissingStrategy.FILL) {
                fills[i] = rules[i].value();
            }
        }
    }

    @Override
    public Map<Integer, Needs> statistics() {
        Map<Integer, Needs> needs = new LinkedHashMap<>();
        for (int i : columns) {
            switch (rules[i].strategy()) {
                case MEAN -> needs.put(i, Needs.BASIC);
                case MEDIAN -> needs.put(i, new Needs(true, false));
                case MODE -> needs.put(i, new Needs(false, true));
                default -> {
                }
            }
        }
        return needs;
    }

    @Override
    public void resolve(ColumnStats[] stats, ReportParts report) {
        for (int i : columns) {
            MissingStrategy s = rules[i].strategy();
            if (!List.of(MissingStrategy.MEAN, MissingStrategy.MEDIAN, MissingStrategy.MODE).contains(s)) {
                continue;
            }
            ColumnStats c = stats[i];
            ColumnType type = binding.rules[i].type();
            String name = binding.columns.get(i);
            Object fill = switch (s) {
                case MEAN -> typed(c.mean(), type);
                case MEDIAN -> typed(c.quantiles().quantile(0.5), type);
                default -> c.mode();
            };
            if (fill == null) {
                report.saidEmpty.add(i);
                report.warnings.add("column " + name + ": no values to compute the " + s.name().toLowerCase(Locale.ROOT)
                        + " from; its missing values stay missing");
            }
            if (s == MissingStrategy.MEDIAN && !c.quantiles().isExact()) {
                report.warnings.add(OutlierBounds.estimatedQuantiles(name));
            }
            if (s == MissingStrategy.MODE && c.modeIsApproximate()) {
                report.warnings.add("column " + name + ": more than " + ColumnStats.MODE_LIMIT
                        + " distinct values; the mode is that of the first " + ColumnStats.MODE_LIMIT);
            }
            fills[i] = fill;
        }
    }

    /** A statistic as a value of the column's type (whole-number types round half up). */
    private static Object typed(double d, ColumnType type) {
        if (Double.isNaN(d)) {
            return null;
        }
        return switch (type) {
            case INT -> (int) Math.round(d);
            case LONG -> Math.round(d);
            case DECIMAL -> BigDecimal.valueOf(d);
            default -> d;
        };
    }

    @Override
    public void startPass(Pass pass) {
        lastValid = new Object[binding.inputCount];
    }

    @Override
    public int apply(RowState st) {
        Object[] row = st.row;
        // last valid values first: a row dropped for another column's missing value still passes its values on
        for (int i : columns) {
            if (rules[i].strategy() == MissingStrategy.LAST_VALID) {
                if (row[i] != null) {
                    lastValid[i] = row[i];
                } else {
                    row[i] = lastValid[i];
                    if (st.counting && row[i] != null) {
                        filled[i]++;
                    }
                }
            }
        }
        for (int i : columns) {
            MissingStrategy s = rules[i].strategy();
            if (s == MissingStrategy.LAST_VALID || row[i] != null) {
                continue;
            }
            if (s == MissingStrategy.DROP) {
                return st.fail(rule(binding.columns.get(i)), null);
            }
            row[i] = fills[i];
            if (st.counting && row[i] != null) {
                filled[i]++;
            }
        }
        return RowState.KEEP;
    }

    @Override
    public void report(ReportParts report) {
        for (int i : columns) {
            report.filled[i] = filled[i];
            report.fillValues[i] = fills[i];
        }
    }
}
