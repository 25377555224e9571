package io.tributary.clean;

import java.util.List;
import java.util.Map;

/**
 * What cleaning one file found and did: the counts ({@link CleanSummary}), a profile of every
 * output column, the outlier bounds actually used, and warnings (rules that could not act).
 */
public record CleanReport(CleanSummary summary, List<ColumnReport> columns, Map<String, OutlierReport> outliers,
                          List<String> warnings) {

    /**
     * One output column: its type and where the type came from ({@code declared}, {@code inferred},
     * {@code text} for undeclared columns, {@code derived}, {@code flag}), missing values before the
     * missing-value rules and in the output, values filled and with what, and the output's
     * min, max, mean (numeric columns), distinct estimate, and how the output's values are spread.
     */
    public record ColumnReport(String name, ColumnType type, String origin, long nullsBefore, long nullsAfter,
                               long filled, Object fillValue, Object min, Object max, Double mean,
                               long distinctEstimate, Distribution distribution) {
    }

    /** The bounds an outlier rule used, from the statistics of the whole file, and how many values it hit. */
    public record OutlierReport(DatasetSpec.OutlierMethod method, double threshold, Double low, Double high,
                                DatasetSpec.OutlierAction action, long count) {
    }
}
