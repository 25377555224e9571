package io.tributary.clean;

import java.util.Map;

/**
 * One family of the rules a converted row goes through, in the spec's order: missing values,
 * outliers, row predicates, derived columns, duplicates ({@link Cleaner} lists them). A rule says
 * which whole-file statistics it needs (the statistics pass computes exactly those, before the
 * first row is cleaned), takes them, applies itself to each row, and adds what it did to the
 * report.
 */
interface RowRule {

    /** What a rule needs of a column's statistics besides the count, mean and deviation, which come with any. */
    record Needs(boolean quantiles, boolean mode) {
        static final Needs BASIC = new Needs(false, false);

        Needs and(Needs other) {
            return new Needs(quantiles || other.quantiles, mode || other.mode);
        }
    }

    /** The passes over the file that run the rules. */
    enum Pass {
        /** Finds the last row of each duplicate key ({@code duplicates.keep: last}); nothing goes out. */
        FIND_LAST_ROWS,
        /** The rows go out; the report counts this pass. */
        CLEAN
    }

    /** The input columns whose whole-file statistics this rule needs. */
    default Map<Integer, Needs> statistics() {
        return Map.of();
    }

    /** The statistics asked for (index: input column; null where none was asked), before any pass. */
    default void resolve(ColumnStats[] stats, ReportParts report) {
    }

    /** Called before each pass, so that what a rule carries from row to row starts afresh. */
    default void startPass(Pass pass) {
    }

    /** {@link RowState#KEEP}, or DROP or REJECT with the rule (and reason) set on {@code st}. */
    int apply(RowState st);

    /** Adds what this rule did in the clean pass to the report. */
    default void report(ReportParts report) {
    }
}
