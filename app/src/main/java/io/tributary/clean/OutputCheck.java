package io.tributary.clean;

import java.util.List;

/**
 * A limit a sink puts on the rows it can hold (DynamoDB's item size and key rules, say), checked
 * by the {@link Cleaner} just before a clean row goes out. A row that fails it is rejected under
 * the check's rule, with its line and reason, instead of reaching some sinks and failing in others:
 * every output of a file holds the same rows.
 */
public interface OutputCheck {

    /** Called once with the output columns and their types, before the first row. */
    void start(List<String> columns, List<ColumnType> types);

    /**
     * Null when the row may go out; else why it cannot (the rule it is counted under and the reason).
     *
     * @param line the row's first line in the raw file
     */
    Refusal refusal(long line, Object[] row);

    /**
     * Why a row cannot go out: the rule it is counted and rejected under, the reason, and the record
     * to show in the rejected rows when the record as read would mislead (null: the record as read).
     */
    record Refusal(String rule, String reason, String record) {
        public Refusal(String rule, String reason) {
            this(rule, reason, null);
        }
    }
}
