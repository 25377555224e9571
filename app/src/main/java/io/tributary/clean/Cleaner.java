package io.tributary.clean;

import io.tributary.clean.CleanReport.ColumnReport;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Cleans one file's rows as they stream past, with the rules of one {@link DatasetSpec}. The spec
 * is bound to the file's header ({@link HeaderBinding}); each record is converted column by column
 * ({@link ColumnConversion}: {@code malformed}, {@code column_count}, null tokens, trim, case,
 * {@code pattern}, {@code type}, {@code required}), then goes through the row rules in order:
 * <ol>
 *   <li>{@link MissingValues}: drop the row ({@code missing:<column>}) or fill;</li>
 *   <li>{@link OutlierBounds}: remove the row ({@code outlier:<column>}), clamp, set null, or flag;</li>
 *   <li>{@link RowPredicates}: {@code rows.drop_when} / {@code rows.keep_when};</li>
 *   <li>{@link DerivedColumns} (a failing expression rejects the row: {@code expression});</li>
 *   <li>{@link DuplicateRows}: equal rows or equal keys, keeping the first or the last
 *       ({@code duplicate});</li>
 * </ol>
 * then the output columns are selected and the sinks' own limits ({@link OutputCheck}) applied.
 * Rules that need whole-file statistics get them from a first pass ({@link StatisticsPass}); "keep
 * the last duplicate" finds the last rows in a pass of its own. Memory does not grow with the file
 * beyond the {@link DuplicateIndex}.
 */
public final class Cleaner {

    private final DatasetSpec spec;
    private final String declaredOrigin;
    private final List<OutputCheck> checks;
    private final boolean fastPath;
    /** Told as each pass over the file begins (its name, e.g. {@code cleaning (pass 2 of 2)}). */
    private Consumer<String> onPass = pass -> { };

    public Cleaner(DatasetSpec spec) {
        this(spec, false);
    }

    /** @param inferred whether the spec's types were inferred from the file (the report says so) */
    public Cleaner(DatasetSpec spec, boolean inferred) {
        this(spec, inferred, List.of());
    }

    /**
     * @param checks the limits of the sinks the rows go to: a clean row that fails one is rejected
     *               under its rule instead of going out
     */
    public Cleaner(DatasetSpec spec, boolean inferred, List<OutputCheck> checks) {
        this(spec, inferred, checks, true);
    }

    /** @param fastPath false: every field through every conversion step (the tests' reference for the fast path) */
    Cleaner(DatasetSpec spec, boolean inferred, List<OutputCheck> checks, boolean fastPath) {
        this.spec = spec;
        this.declaredOrigin = inferred ? "inferred" : "declared";
        this.checks = List.copyOf(checks);
        this.fastPath = fastPath;
    }

    public DatasetSpec spec() {
        return spec;
    }

    /**
     * Tells {@code listener} as each pass over the file begins: {@code cleaning} when it is the only
     * one, else e.g. {@code statistics (pass 1 of 2)}, {@code cleaning (pass 2 of 2)}.
     */
    public Cleaner onPass(Consumer<String> listener) {
        this.onPass = listener;
        return this;
    }

    private static String pass(String name, int pass, int passes) {
        return passes == 1 ? name : name + " (pass " + pass + " of " + passes + ")";
    }

    /** {@link #run(RowSource.Opener, RowSink, Consumer, UnaryOperator)}, handing rows over on this thread. */
    public CleanReport run(RowSource.Opener file, RowSink sink, Consumer<RejectedRow> rejects) throws IOException {
        return run(file, sink, rejects, UnaryOperator.identity());
    }

    /**
     * Reads every record of the file, writes clean rows to {@code sink} and reports each rejected
     * row to {@code rejects}. The sink is started and closed (also when cleaning fails). The file
     * is opened once, twice when rules need whole-file statistics, and once more to keep the last
     * of duplicates.
     *
     * @param handOff wraps the sink (and the report's output profile) in how rows reach them, e.g.
     *                on another thread; closing the wrapper must close what it wraps
     */
    public CleanReport run(RowSource.Opener file, RowSink sink, Consumer<RejectedRow> rejects,
                           UnaryOperator<RowSink> handOff) throws IOException {
        OutputProfile profile = new OutputProfile();
        RowSink out = handOff.apply(new RowTee(profile, sink));
        try (out) {
            return run(file, out, rejects, profile);
        }
    }

    private CleanReport run(RowSource.Opener file, RowSink out, Consumer<RejectedRow> rejects, OutputProfile profile)
            throws IOException {
        Plan plan;
        try (RowSource source = file.open()) {
            plan = new Plan(new HeaderBinding(spec, source.columns(), declaredOrigin), fastPath);
        }
        Map<Integer, RowRule.Needs> statistics = plan.statisticsNeeded();
        boolean lastRows = plan.duplicates != null && plan.duplicates.needsLastRowsPass();
        int passes = 1 + (statistics.isEmpty() ? 0 : 1) + (lastRows ? 1 : 0);
        int pass = 0;
        if (!statistics.isEmpty()) {
            onPass.accept(pass("statistics", ++pass, passes));
            plan.resolveStatistics(file, statistics);
        }
        if (lastRows) {
            onPass.accept(pass("finding the last of duplicates", ++pass, passes));
            try (RowSource source = file.open(null, plan.conversion)) {
                plan.eachRow(source, RowRule.Pass.FIND_LAST_ROWS, (record, st, outcome) -> {
                });
            }
        }
        CleanSummary summary;
        onPass.accept(pass("cleaning", ++pass, passes));
        try (RowSource source = file.open(null, plan.conversion)) {
            summary = plan.clean(source, out, rejects, checks);
        }
        out.close(); // every row has reached the sinks and the profile
        return plan.report(summary, profile);
    }

    /** Hands each row to the report's profile and to the caller's sink. */
    private record RowTee(OutputProfile profile, RowSink sink) implements RowSink {
        @Override
        public void start(List<String> columns, List<ColumnType> types) throws IOException {
            profile.start(columns, types);
            sink.start(columns, types);
        }

        @Override
        public void accept(long line, int part, Object[] row) throws IOException {
            profile.accept(line, part, row);
            sink.accept(line, part, row);
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }

    /** The spec bound to one file: its conversion, its rules in order, and the passes that run them. */
    private static final class Plan {
        final HeaderBinding binding;
        final ColumnConversion conversion;
        final DuplicateRows duplicates;
        final RowRule[] rules;
        final ReportParts parts;

        Plan(HeaderBinding binding, boolean fastPath) {
            this.binding = binding;
            this.conversion = new ColumnConversion(binding, fastPath);
            // in the order they apply; each adds its columns (flags, derived) to the binding as it is made
            NullCounts nulls = new NullCounts(binding);
            MissingValues missing = MissingValues.of(binding);
            OutlierBounds outliers = OutlierBounds.of(binding);
            RowPredicates predicates = RowPredicates.of(binding);
            DerivedColumns derived = DerivedColumns.of(binding);
            this.duplicates = DuplicateRows.of(binding);
            this.rules = Stream.of(nulls, missing, outliers, predicates, derived, duplicates)
                    .filter(Objects::nonNull).toArray(RowRule[]::new);
            binding.bindOutput();
            this.parts = new ReportParts(binding.inputCount);
        }

        /** Runs the statistics pass when a rule needs one, and hands the rules what they asked for. */
        /** What whole-file statistics the rules need, by column: read in a pass of their own before the clean (none: no pass). */
        Map<Integer, RowRule.Needs> statisticsNeeded() {
            Map<Integer, RowRule.Needs> needs = new TreeMap<>();
            for (RowRule rule : rules) {
                rule.statistics().forEach((column, need) -> needs.merge(column, need, RowRule.Needs::and));
            }
            return needs;
        }

        void resolveStatistics(RowSource.Opener file, Map<Integer, RowRule.Needs> needs) throws IOException {
            StatisticsPass pass = new StatisticsPass(conversion, binding.inputCount, needs);
            // only the columns that need statistics are read, in parts at once where the reader can
            // split the file; else (or should the split fall inside a quoted field) the file whole
            ColumnStats[] stats;
            List<RowSource> split = file.openParts(pass.columns(), conversion);
            // closed as try-with-resources closes: every part, a close failure added to one in flight
            try (RowSource first = split.get(0); Closeable others = () -> closeAll(split.subList(1, split.size()))) {
                stats = pass.run(split);
            }
            if (stats == null) {
                try (RowSource whole = file.open(pass.columns(), conversion)) {
                    stats = pass.run(List.of(whole));
                }
            }
            for (RowRule rule : rules) {
                rule.resolve(stats, parts);
            }
        }

        private static void closeAll(List<RowSource> sources) throws IOException {
            if (!sources.isEmpty()) {
                try (RowSource source = sources.get(0)) {
                    closeAll(sources.subList(1, sources.size()));
                }
            }
        }

        /** What a pass does with each record and its outcome (KEEP, DROP or REJECT; st holds the row and rule). */
        @FunctionalInterface
        interface RowOutcome {
            void accept(SourceRecord record, RowState st, int outcome) throws IOException;
        }

        /**
         * Runs every record of the source through conversion (done by the reader, on its thread,
         * for the records that convert) and the rules, in order, then hands it and its outcome on.
         */
        void eachRow(RowSource source, RowRule.Pass pass, RowOutcome then) throws IOException {
            RowState st = new RowState(binding.index, binding.columns.size(), pass == RowRule.Pass.CLEAN);
            for (RowRule rule : rules) {
                rule.startPass(pass);
            }
            Object[] row = st.row;
            int inputs = binding.inputCount;
            while (source.hasNext()) {
                SourceRecord record = source.next();
                int outcome = conversion.convert(record, st);
                if (outcome == RowState.KEEP) {
                    for (int i = inputs; i < row.length; i++) {
                        row[i] = null;
                    }
                    st.position = record.line() << 20 | record.part();
                    for (RowRule rule : rules) {
                        outcome = rule.apply(st);
                        if (outcome != RowState.KEEP) {
                            break;
                        }
                    }
                }
                then.accept(record, st, outcome);
            }
        }

        CleanSummary clean(RowSource source, RowSink sink, Consumer<RejectedRow> rejects, List<OutputCheck> checks)
                throws IOException {
            List<String> outColumns = binding.outputColumns();
            List<ColumnType> outTypes = binding.outputTypes();
            sink.start(outColumns, outTypes);
            OutputCheck[] limits = checks.toArray(OutputCheck[]::new);
            for (OutputCheck check : limits) {
                check.start(outColumns, outTypes);
            }
            Object[] projected = new Object[binding.outputWidth()];
            long[] counts = new long[2]; // rows in, rows out
            Map<String, Long> dropped = new LinkedHashMap<>();
            Map<String, Long> rejected = new LinkedHashMap<>();
            char delimiter = binding.spec.format().delimiter();
            char quote = binding.spec.format().quote();
            eachRow(source, RowRule.Pass.CLEAN, (record, st, outcome) -> {
                counts[0]++;
                if (outcome == RowState.REJECT) {
                    rejected.merge(st.rule, 1L, Long::sum);
                    rejects.accept(new RejectedRow(record.line(), st.rule, st.reason, asRead(record, delimiter, quote)));
                    return;
                }
                if (outcome == RowState.DROP) {
                    dropped.merge(st.rule, 1L, Long::sum);
                    return;
                }
                Object[] out = binding.project(st.row, projected);
                for (OutputCheck check : limits) {
                    OutputCheck.Refusal refusal = check.refusal(record.line(), out);
                    if (refusal != null) {
                        rejected.merge(refusal.rule(), 1L, Long::sum);
                        rejects.accept(new RejectedRow(record.line(), refusal.rule(), refusal.reason(),
                                refusal.record() != null ? refusal.record() : asRead(record, delimiter, quote)));
                        return;
                    }
                }
                sink.accept(record.line(), record.part(), out);
                counts[1]++;
            });
            return new CleanSummary(counts[0], counts[1], dropped, rejected);
        }

        CleanReport report(CleanSummary summary, OutputProfile profile) {
            for (RowRule rule : rules) {
                rule.report(parts);
            }
            List<String> outColumns = binding.outputColumns();
            List<ColumnReport> reports = new ArrayList<>();
            for (int o = 0; o < outColumns.size(); o++) {
                int i = binding.index.get(outColumns.get(o));
                ColumnStats s = profile.column(o);
                double mean = s.mean();
                boolean input = i < binding.inputCount;
                reports.add(new ColumnReport(outColumns.get(o), binding.types.get(i), binding.origins.get(i),
                        input ? parts.nullsBefore[i] : -1, s.missing(), input ? parts.filled[i] : 0,
                        input ? parts.fillValues[i] : null, s.min(), s.max(), Double.isNaN(mean) ? null : mean,
                        s.distinctEstimate(), profile.distribution(o)));
            }
            return new CleanReport(summary, reports, parts.outliers, List.copyOf(parts.warnings));
        }

        /** The record as read, for the rejected-rows file: its raw text, or its fields joined as the file writes them. */
        private static String asRead(SourceRecord record, char delimiter, char quote) {
            return record.rawText() != null ? record.rawText() : join(record.fields(), delimiter, quote);
        }

        /** A record's fields as one line in the file's delimiter and quote, for the rejected-rows file. */
        private static String join(List<String> fields, char delimiter, char quote) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(delimiter);
                }
                String f = fields.get(i);
                if (f == null) {
                    continue;
                }
                if (f.indexOf(delimiter) >= 0 || f.indexOf(quote) >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                    String q = String.valueOf(quote);
                    sb.append(quote).append(f.replace(q, q + q)).append(quote);
                } else {
                    sb.append(f);
                }
            }
            return sb.toString();
        }
    }
}
