package io.tributary.clean;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the rules add to a file's quality report, by input column, as they resolve and clean. */
final class ReportParts {
    final long[] nullsBefore;
    /** The rows whose values {@link #nullsBefore} counts. */
    long rowsCounted;
    final long[] filled;
    final Object[] fillValues;
    final Map<String, CleanReport.OutlierReport> outliers = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();
    /** Columns a warning already says have no values (a statistic or outlier bounds without any). */
    final Set<Integer> saidEmpty = new HashSet<>();

    ReportParts(int inputs) {
        nullsBefore = new long[inputs];
        filled = new long[inputs];
        fillValues = new Object[inputs];
    }
}
