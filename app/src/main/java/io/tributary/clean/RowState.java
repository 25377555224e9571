package io.tributary.clean;

import org.apache.commons.jexl3.JexlContext;

import java.util.Map;

/**
 * One pass's row as it goes through the rules: its values by position (input columns, then flag
 * and derived columns), where the record is in the file, and why it did not pass. Expressions
 * read the row's values by column name through it.
 */
final class RowState implements JexlContext {
    /** A rule's outcome: the row goes on. */
    static final int KEEP = 0;
    /** The row is dropped, counted under {@link #rule}. */
    static final int DROP = 1;
    /** The row is rejected: {@link #rule} and {@link #reason} go to the rejected-rows file. */
    static final int REJECT = 2;

    private final Map<String, Integer> index;
    /** Whether this is the pass whose rows go out (the one the report counts). */
    final boolean counting;
    final Object[] row;
    /** The record's position in the file (line and part), as duplicates compare them. */
    long position;
    String rule;
    String reason;

    RowState(Map<String, Integer> index, int width, boolean counting) {
        this.index = index;
        this.row = new Object[width];
        this.counting = counting;
    }

    /** DROP when there is no reason (a rule that drops), REJECT with one. */
    int fail(String rule, String reason) {
        this.rule = rule;
        this.reason = reason;
        return reason == null ? DROP : REJECT;
    }

    @Override
    public Object get(String name) {
        Integer i = index.get(name);
        return i == null ? null : row[i];
    }

    @Override
    public void set(String name, Object value) {
        throw new UnsupportedOperationException("expressions cannot assign (" + name + ")");
    }

    @Override
    public boolean has(String name) {
        return index.containsKey(name);
    }
}
