package io.tributary.clean;

/**
 * Counts each input column's missing values in the clean pass, after conversion and before the
 * missing-value rules (the report's {@code nulls_before}), and warns of a column with no value at all.
 */
final class NullCounts implements RowRule {
    private final HeaderBinding binding;
    private final long[] nulls;
    private long rows;

    NullCounts(HeaderBinding binding) {
        this.binding = binding;
        this.nulls = new long[binding.inputCount];
    }

    @Override
    public int apply(RowState st) {
        if (st.counting) {
            rows++;
            Object[] row = st.row;
            for (int i = 0; i < nulls.length; i++) {
                if (row[i] == null) {
                    nulls[i]++;
                }
            }
        }
        return RowState.KEEP;
    }

    @Override
    public void report(ReportParts report) {
        System.arraycopy(nulls, 0, report.nullsBefore, 0, nulls.length);
        report.rowsCounted = rows;
        for (int i = 0; i < nulls.length; i++) {
            if (rows > 0 && nulls[i] == rows && !report.saidEmpty.contains(i)) {
                report.warnings.add("column " + binding.columns.get(i) + ": every value is missing"
                        + (binding.spec.format().type().equals("csv") ? ""
                        : " (no record has the field, or none has a value)"));
            }
        }
    }
}
