package io.tributary.clean;

import java.util.Map;

/**
 * What cleaning one file did: rows read, rows written, and every row not written counted under
 * the rule that dropped it (duplicates, a named row rule, a missing value or an outlier) or
 * rejected it (broken rows). rowsIn = rowsOut + sum(dropped) + sum(rejected), always.
 */
public record CleanSummary(long rowsIn, long rowsOut, Map<String, Long> dropped, Map<String, Long> rejected) {

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
