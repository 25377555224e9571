package io.tributary.clean;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole-file statistics the rules ask for ({@link RowRule#statistics()}), from a pass that
 * reads only those columns: over a file's parts at once when the reader can split it, each part
 * into statistics of its own, merged in order. A value that does not convert does not count (its
 * row is rejected by the clean pass).
 */
final class StatisticsPass {
    private final FieldConversion conversion;
    private final int inputCount;
    private final Map<Integer, RowRule.Needs> needs;
    private final int[] columns;

    StatisticsPass(FieldConversion conversion, int inputCount, Map<Integer, RowRule.Needs> needs) {
        this.conversion = conversion;
        this.inputCount = inputCount;
        this.needs = needs;
        this.columns = needs.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The input columns it reads. */
    Set<Integer> columns() {
        return needs.keySet();
    }

    /**
     * The statistics over the file's parts, each read on a thread of its own (the first on this
     * one); null when the parts do not split the file at record ends or their statistics cannot
     * be merged exactly (the caller then gives the whole file as one part).
     */
    ColumnStats[] run(List<RowSource> parts) throws IOException {
        int n = parts.size();
        ColumnStats[][] stats = new ColumnStats[n][];
        // a part whose statistics can no longer merge exactly stops them all: the file is read whole
        AtomicBoolean stop = n > 1 ? new AtomicBoolean() : null;
        List<Callable<Boolean>> reads = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int part = k;
            stats[k] = newStats();
            reads.add(() -> addValues(parts.get(part), stats[part], stop));
        }
        List<Boolean> endsBroken = PartThreads.run(reads);
        if ((stop != null && stop.get()) || endsBroken.subList(0, n - 1).contains(true)) {
            return null;
        }
        for (int k = 1; k < n; k++) {
            for (int i : needs.keySet()) {
                if (!stats[0][i].addLaterPart(stats[k][i])) {
                    return null;
                }
            }
        }
        return stats[0];
    }

    private ColumnStats[] newStats() {
        ColumnStats[] stats = new ColumnStats[inputCount];
        needs.forEach((i, need) -> stats[i] = ColumnStats.forRules(need.quantiles(), need.mode()));
        return stats;
    }

    /**
     * Adds the columns' values of a part's records; whether its last record is broken. With
     * {@code stop} (the file is read in parts), stops early once any part's statistics can no
     * longer merge exactly (more distinct values than are counted exactly).
     */
    private boolean addValues(RowSource source, ColumnStats[] stats, AtomicBoolean stop) {
        boolean lastBroken = false;
        long records = 0;
        while (source.hasNext()) {
            if (stop != null && (++records & 4095) == 0 && (stop.get() || !mergeable(stats))) {
                stop.set(true);
                return false;
            }
            SourceRecord record = source.next();
            lastBroken = record.error() != null;
            Object[] values = record.values();
            if (values == null && (record.error() != null || record.fields().size() != inputCount)) {
                continue;
            }
            for (int i : columns) {
                Object v = values != null ? values[i] : conversion.convert(i, record.fields().get(i));
                if (v != null && !(v instanceof FieldConversion.Rejected)) {
                    stats[i].add(v);
                }
            }
        }
        if (stop != null && !mergeable(stats)) {
            stop.set(true);
        }
        return lastBroken;
    }

    private boolean mergeable(ColumnStats[] stats) {
        for (int i : columns) {
            if (!stats[i].mergesExactly()) {
                return false;
            }
        }
        return true;
    }
}
