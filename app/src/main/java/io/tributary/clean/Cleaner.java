package io.tributary.clean;

import io.tributary.clean.CleanReport.ColumnReport;
import io.tributary.clean.CleanReport.OutlierReport;
import io.tributary.clean.DatasetSpec.Column;
import io.tributary.clean.DatasetSpec.DuplicateMode;
import io.tributary.clean.DatasetSpec.MissingStrategy;
import io.tributary.clean.DatasetSpec.OutlierAction;
import io.tributary.clean.DatasetSpec.OutlierMethod;
import org.apache.commons.jexl3.JexlContext;

import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Cleans one file's rows as they stream past, with the rules of one {@link DatasetSpec}. Per row:
 * <ol>
 *   <li>reject rows the reader could not parse ({@code malformed}) or whose field count differs
 *       from the header ({@code column_count});</li>
 *   <li>per column: null tokens become missing; trim and case; the {@code pattern} check
 *       ({@code pattern}); conversion to the type ({@code type}); {@code required} ({@code required});</li>
 *   <li>missing values: drop the row ({@code missing:<column>}), or fill (constant, mean, median,
 *       mode, last valid);</li>
 *   <li>outliers: remove the row ({@code outlier:<column>}), clamp, set null, or flag;</li>
 *   <li>{@code rows.drop_when} / {@code rows.keep_when} (counted under the rule's name);</li>
 *   <li>derived columns (a failing expression rejects the row: {@code expression});</li>
 *   <li>duplicates: equal rows, or equal key columns, keeping the first or the last
 *       ({@code duplicate});</li>
 *   <li>output column selection.</li>
 * </ol>
 * Rules that need whole-file statistics (mean, median, mode, outlier bounds) get them from a first
 * pass over the file; "keep the last duplicate" finds the last rows in a pass of its own. Memory
 * does not grow with the file beyond the {@link DuplicateIndex}.
 */
public final class Cleaner {

    public static final String DUPLICATE = "duplicate";
    public static final String MALFORMED = "malformed";
    public static final String COLUMN_COUNT = "column_count";
    public static final String TYPE = "type";
    public static final String REQUIRED = "required";
    public static final String PATTERN = "pattern";
    public static final String EXPRESSION = "expression";

    private final DatasetSpec spec;
    private final String declaredOrigin;
    private final List<OutputCheck> checks;

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
        this.spec = spec;
        this.declaredOrigin = inferred ? "inferred" : "declared";
        this.checks = List.copyOf(checks);
    }

    public DatasetSpec spec() {
        return spec;
    }

    /** The rule name under which rows dropped for a missing value of a column are counted. */
    public static String missingRule(String column) {
        return "missing:" + column;
    }

    /** The rule name under which rows removed as outliers of a column are counted. */
    public static String outlierRule(String column) {
        return "outlier:" + column;
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
            plan = new Plan(spec, source.columns(), declaredOrigin);
        }
        if (spec.needsProfilePass()) {
            // the statistics pass reads only the columns that need statistics, in parts at once
            // where the reader can split the file; else (or should the split fall inside a
            // quoted field) the file whole
            if (!profileInParts(file, plan)) {
                try (RowSource source = file.open(plan.profiledColumns(), plan)) {
                    plan.profile(List.of(source));
                }
            }
        }
        DuplicateIndex lastRows = null;
        if (plan.keepLast) {
            lastRows = new DuplicateIndex(true);
            try (RowSource source = file.open(null, plan)) {
                plan.findLastRows(source, lastRows);
            }
        }
        CleanSummary summary;
        try (RowSource source = file.open(null, plan)) {
            summary = plan.clean(source, out, rejects, lastRows, checks);
        }
        out.close(); // every row has reached the sinks and the profile
        return plan.report(summary, profile);
    }

    private static boolean profileInParts(RowSource.Opener file, Plan plan) throws IOException {
        List<RowSource> parts = file.openParts(plan.profiledColumns(), plan);
        // closed as try-with-resources closes: every part, a close failure added to one in flight
        try (RowSource first = parts.get(0); Closeable others = () -> closeAll(parts.subList(1, parts.size()))) {
            return plan.profile(parts);
        }
    }

    private static void closeAll(List<RowSource> parts) throws IOException {
        if (!parts.isEmpty()) {
            try (RowSource part = parts.get(0)) {
                closeAll(parts.subList(1, parts.size()));
            }
        }
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

    /** Per-pass row state: the row being built and why it did not pass. */
    private static final class RowState implements JexlContext {
        final Map<String, Integer> index;
        final Object[] lastValid;
        final boolean counting;
        Object[] row;
        String rule;
        String reason;

        RowState(Map<String, Integer> index, int inputs, boolean counting) {
            this.index = index;
            this.lastValid = new Object[inputs];
            this.counting = counting;
        }

        int fail(String rule, String reason) {
            this.rule = rule;
            this.reason = reason;
            return reason == null ? Plan.DROP : Plan.REJECT;
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

    /**
     * The spec applied to one file's header: positions, parsers, statistics and compiled
     * expressions; and the conversion of its fields, which readers may apply themselves.
     */
    private static final class Plan implements FieldConversion {
        static final int KEEP = 0;
        static final int DROP = 1;
        static final int REJECT = 2;

        final String where;
        final DatasetSpec spec;
        final int inputCount;
        final List<String> columns = new ArrayList<>();
        final List<ColumnType> types = new ArrayList<>();
        final List<String> origins = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();
        final Column[] rules;
        final ValueParser[] parsers;
        /** Per input column: no trim, case or pattern, so a field without spaces at its ends goes straight to its parser. */
        final boolean[] asIs;
        /** Per input column: no case or pattern, so a field without spaces at its ends is its own trimmed text. */
        final boolean[] noCaseOrPattern;
        /** The input columns with a missing-value rule, and those with an outlier rule, in order. */
        final int[] missingColumns;
        final int[] outlierColumns;
        /** The format's null tokens by their length. */
        final String[][] nullTokens;
        /** Whether a null token with white space around it still means missing ({@code format.trim_null_values}). */
        final boolean trimNullValues;
        final Object[] fills;
        final long[] nullsBefore;
        /** The rows whose values {@link #nullsBefore} counts. */
        long rowsCounted;
        /** Columns a warning already says have no values (a statistic or outlier bounds without any). */
        final Set<Integer> saidEmpty = new HashSet<>();
        final long[] filled;
        final int[] flagIndex;
        final double[] low;
        final double[] high;
        final long[] outlierCounts;
        final ColumnStats[] profile;
        final List<String> warnings = new ArrayList<>();
        final List<Map.Entry<String, RowExpression>> dropRules = new ArrayList<>();
        final List<Map.Entry<String, RowExpression>> keepRules = new ArrayList<>();
        final List<RowExpression> derived = new ArrayList<>();
        final List<ColumnType> derivedTypes = new ArrayList<>();
        int derivedStart;
        final int[] keyColumns;
        final boolean keepLast;
        final int[] projection;
        final boolean hasMissingRules;
        final boolean hasOutlierRules;

        Plan(DatasetSpec spec, List<String> header, String declaredOrigin) {
            this.spec = spec;
            this.where = spec.source();
            inputCount = header.size();
            rules = new Column[inputCount];
            parsers = new ValueParser[inputCount];
            asIs = new boolean[inputCount];
            noCaseOrPattern = new boolean[inputCount];
            fills = new Object[inputCount];
            nullsBefore = new long[inputCount];
            filled = new long[inputCount];
            flagIndex = new int[inputCount];
            low = new double[inputCount];
            high = new double[inputCount];
            outlierCounts = new long[inputCount];
            profile = new ColumnStats[inputCount];
            trimNullValues = spec.format().trimNullValues();
            Set<String> tokens = new HashSet<>(spec.format().nullValues());
            nullTokens = new String[tokens.stream().mapToInt(String::length).max().orElse(-1) + 1][];
            for (int n = 0; n < nullTokens.length; n++) {
                int length = n;
                nullTokens[n] = tokens.stream().filter(t -> t.length() == length).toArray(String[]::new);
            }

            Map<String, String> fileNames = new HashMap<>();
            List<String> names = new ArrayList<>();
            for (String column : header) {
                String name = spec.format().columnNames() == DatasetSpec.ColumnNames.SNAKE_CASE
                        ? DatasetSpec.snakeCase(column) : column;
                String earlier = fileNames.put(name, column);
                if (earlier != null) {
                    throw new SpecException(where + ": the file's header has two columns named '" + name + "'"
                            + (earlier.equals(column) ? "" : " ('" + earlier + "' and '" + column + "')"));
                }
                names.add(name);
            }
            for (String declared : spec.columns().keySet()) {
                if (!fileNames.containsKey(declared)) {
                    throw new SpecException(where + ": columns." + declared + " is not in the file's header ("
                            + String.join(", ", names) + ")");
                }
            }
            boolean missingRules = false;
            boolean outlierRules = false;
            for (int i = 0; i < inputCount; i++) {
                Column rule = spec.column(names.get(i));
                rules[i] = rule;
                parsers[i] = new ValueParser(rule.type(), rule.formats(), rule.timezone());
                String name = rule.rename() != null ? rule.rename() : names.get(i);
                add(name, rule.type(), spec.columns().containsKey(names.get(i)) ? declaredOrigin : "text",
                        "columns." + names.get(i) + ".rename");
                missingRules |= rule.missing() != null;
                outlierRules |= rule.outliers() != null;
                flagIndex[i] = -1;
                low[i] = Double.NEGATIVE_INFINITY;
                high[i] = Double.POSITIVE_INFINITY;
                if (rule.missing() != null && rule.missing().strategy() == MissingStrategy.FILL) {
                    fills[i] = rule.missing().value();
                }
            }
            hasMissingRules = missingRules;
            hasOutlierRules = outlierRules;
            List<Integer> withMissing = new ArrayList<>();
            List<Integer> withOutliers = new ArrayList<>();
            for (int i = 0; i < inputCount; i++) {
                noCaseOrPattern[i] = rules[i].textCase() == DatasetSpec.TextCase.AS_IS && rules[i].pattern() == null;
                asIs[i] = !rules[i].trim() && noCaseOrPattern[i];
                if (rules[i].missing() != null) {
                    withMissing.add(i);
                }
                if (rules[i].outliers() != null) {
                    withOutliers.add(i);
                }
            }
            missingColumns = withMissing.stream().mapToInt(Integer::intValue).toArray();
            outlierColumns = withOutliers.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < inputCount; i++) {
                if (rules[i].outliers() != null && rules[i].outliers().action() == OutlierAction.FLAG) {
                    flagIndex[i] = columns.size();
                    add(rules[i].outliers().flagColumn(), ColumnType.BOOLEAN, "flag",
                            "columns." + names.get(i) + ".outliers.flag_column");
                }
            }
            for (Map.Entry<String, String> rule : spec.rows().dropWhen().entrySet()) {
                dropRules.add(Map.entry(rule.getKey(), RowExpression.compile(
                        where + ": rows.drop_when." + rule.getKey(), rule.getValue(), index)));
            }
            for (Map.Entry<String, String> rule : spec.rows().keepWhen().entrySet()) {
                keepRules.add(Map.entry(rule.getKey(), RowExpression.compile(
                        where + ": rows.keep_when." + rule.getKey(), rule.getValue(), index)));
            }
            derivedStart = columns.size();
            for (Map.Entry<String, DatasetSpec.Derived> d : spec.derive().entrySet()) {
                // a derived column may read the columns derived before it
                derived.add(RowExpression.compile(where + ": derive." + d.getKey(), d.getValue().expression(), index));
                derivedTypes.add(d.getValue().type());
                add(d.getKey(), d.getValue().type() == null ? ColumnType.STRING : d.getValue().type(), "derived",
                        "derive." + d.getKey());
            }

            DatasetSpec.Duplicates duplicates = spec.duplicates();
            if (duplicates.mode() == DuplicateMode.KEY) {
                keyColumns = positions(duplicates.columns(), "duplicates.columns");
            } else if (duplicates.mode() == DuplicateMode.EXACT) {
                keyColumns = new int[inputCount];
                for (int i = 0; i < inputCount; i++) {
                    keyColumns[i] = i;
                }
            } else {
                keyColumns = null;
            }
            keepLast = keyColumns != null && duplicates.keepLast();
            projection = spec.output().columns().isEmpty() ? null
                    : positions(spec.output().columns(), "output.columns");
            List<String> out = outputColumns();
            DatasetSpec.DynamoDb ddb = spec.dynamodb();
            List<String> keys = new ArrayList<>();
            if (ddb != null) {
                keys.add(ddb.partitionKey());
                keys.add(ddb.sortKey());
            }
            for (String key : keys) {
                if (key != null && !out.contains(key)) {
                    throw new SpecException(where + ": output.dynamodb: key column '" + key
                            + "' is not an output column (" + String.join(", ", out) + ")");
                }
            }
            DatasetSpec.Parquet parquet = spec.parquet();
            for (String column : parquet == null ? List.<String>of() : parquet.partitionBy()) {
                if (!out.contains(column)) {
                    throw new SpecException(where + ": output.parquet.partition_by: '" + column
                            + "' is not an output column (" + String.join(", ", out) + ")");
                }
            }
            if (parquet != null && !parquet.partitionBy().isEmpty()
                    && out.stream().allMatch(parquet.partitionBy()::contains)) {
                throw new SpecException(where + ": output.parquet.partition_by: every output column is a partition"
                        + " column; a Parquet file needs at least one column of its own");
            }
        }

        private void add(String name, ColumnType type, String origin, String key) {
            if (index.containsKey(name)) {
                throw new SpecException(where + ": " + key + ": a column named '" + name + "' already exists");
            }
            index.put(name, columns.size());
            columns.add(name);
            types.add(type);
            origins.add(origin);
        }

        private int[] positions(List<String> names, String key) {
            int[] p = new int[names.size()];
            for (int i = 0; i < p.length; i++) {
                Integer at = index.get(names.get(i));
                if (at == null) {
                    throw new SpecException(where + ": " + key + ": '" + names.get(i) + "' is not a column ("
                            + String.join(", ", columns) + ")");
                }
                p[i] = at;
            }
            return p;
        }

        List<String> outputColumns() {
            if (projection == null) {
                return List.copyOf(columns);
            }
            List<String> out = new ArrayList<>();
            for (int p : projection) {
                out.add(columns.get(p));
            }
            return out;
        }

        List<ColumnType> outputTypes() {
            List<ColumnType> out = new ArrayList<>();
            if (projection == null) {
                return List.copyOf(types);
            }
            for (int p : projection) {
                out.add(types.get(p));
            }
            return out;
        }

        // ---- first pass: whole-file statistics for fills and outlier bounds ----

        /** The input columns whose whole-file statistics the rules need (mean, median, mode, outlier bounds). */
        Set<Integer> profiledColumns() {
            Set<Integer> needed = new TreeSet<>();
            for (int i = 0; i < inputCount; i++) {
                Column c = rules[i];
                if (c.outliers() != null || (c.missing() != null && (c.missing().strategy() == MissingStrategy.MEAN
                        || c.missing().strategy() == MissingStrategy.MEDIAN
                        || c.missing().strategy() == MissingStrategy.MODE))) {
                    needed.add(i);
                }
            }
            return needed;
        }

        /**
         * The statistics pass over a file's parts ({@link RowSource.Opener#openParts}): each part
         * read into statistics of its own on a thread of its own (the first on this one), then
         * merged in order. False, with nothing resolved, when the parts do not split the file at
         * record ends or their statistics cannot be merged exactly; the caller then gives the
         * whole file as one part.
         */
        boolean profile(List<RowSource> parts) throws IOException {
            Set<Integer> needed = profiledColumns();
            int n = parts.size();
            ColumnStats[][] stats = new ColumnStats[n][];
            // a part whose statistics can no longer merge exactly stops them all: the file is read whole
            AtomicBoolean stop = n > 1 ? new AtomicBoolean() : null;
            List<Callable<Boolean>> reads = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int part = k;
                stats[k] = newProfile(needed);
                reads.add(() -> addValues(parts.get(part), stats[part], needed, stop));
            }
            List<Boolean> endsBroken = PartThreads.run(reads);
            if (stop != null && stop.get()) {
                return false;
            }
            if (endsBroken.subList(0, n - 1).contains(true)) {
                return false;
            }
            for (int k = 1; k < n; k++) {
                for (int i : needed) {
                    if (!stats[0][i].addLaterPart(stats[k][i])) {
                        return false;
                    }
                }
            }
            for (int i : needed) {
                profile[i] = stats[0][i];
                resolve(i);
            }
            return true;
        }

        private ColumnStats[] newProfile(Set<Integer> needed) {
            ColumnStats[] stats = new ColumnStats[inputCount];
            for (int i : needed) {
                Column c = rules[i];
                boolean mode = c.missing() != null && c.missing().strategy() == MissingStrategy.MODE;
                boolean quantiles = (c.missing() != null && c.missing().strategy() == MissingStrategy.MEDIAN)
                        || (c.outliers() != null && c.outliers().method() != OutlierMethod.Z_SCORE);
                stats[i] = ColumnStats.forRules(quantiles, mode);
            }
            return stats;
        }

        /**
         * Adds the needed columns' values of a part's records; whether its last record is broken.
         * With {@code stop} (the file is read in parts), stops early once any part's statistics
         * can no longer merge exactly (more distinct values than are counted exactly).
         */
        private boolean addValues(RowSource source, ColumnStats[] stats, Set<Integer> needed, AtomicBoolean stop) {
            boolean lastBroken = false;
            long records = 0;
            while (source.hasNext()) {
                if (stop != null && (++records & 4095) == 0 && (stop.get() || !mergeable(stats, needed))) {
                    stop.set(true);
                    return false;
                }
                SourceRecord record = source.next();
                lastBroken = record.error() != null;
                Object[] values = record.values();
                if (values == null && (record.error() != null || record.fields().size() != inputCount)) {
                    continue;
                }
                for (int i : needed) {
                    Object v = values != null ? values[i] : convert(i, record.fields().get(i));
                    // a value that does not convert is rejected by the cleaning pass; it does not count
                    if (v != null && !(v instanceof Rejected)) {
                        stats[i].add(v);
                    }
                }
            }
            if (stop != null && !mergeable(stats, needed)) {
                stop.set(true);
            }
            return lastBroken;
        }

        private static boolean mergeable(ColumnStats[] stats, Set<Integer> needed) {
            for (int i : needed) {
                if (!stats[i].mergesExactly()) {
                    return false;
                }
            }
            return true;
        }

        private void resolve(int i) {
            Column c = rules[i];
            ColumnStats stats = profile[i];
            String name = columns.get(i);
            if (c.missing() != null) {
                MissingStrategy s = c.missing().strategy();
                Object fill = switch (s) {
                    case MEAN -> typed(stats.mean(), c.type());
                    case MEDIAN -> typed(stats.quantiles().quantile(0.5), c.type());
                    case MODE -> stats.mode();
                    default -> fills[i];
                };
                if (fill == null && (s == MissingStrategy.MEAN || s == MissingStrategy.MEDIAN
                        || s == MissingStrategy.MODE)) {
                    saidEmpty.add(i);
                    warnings.add("column " + name + ": no values to compute the " + s.name().toLowerCase(Locale.ROOT)
                            + " from; its missing values stay missing");
                }
                if (s == MissingStrategy.MEDIAN && !stats.quantiles().isExact()) {
                    warnings.add(estimatedQuantiles(name));
                }
                if (s == MissingStrategy.MODE && stats.modeIsApproximate()) {
                    warnings.add("column " + name + ": more than " + ColumnStats.MODE_LIMIT
                            + " distinct values; the mode is that of the first " + ColumnStats.MODE_LIMIT);
                }
                fills[i] = fill;
            }
            DatasetSpec.Outliers o = c.outliers();
            if (o == null) {
                return;
            }
            if (stats.present() == 0) {
                saidEmpty.add(i);
                warnings.add("column " + name + ": no values; no outlier bounds");
                return;
            }
            double t = o.threshold();
            switch (o.method()) {
                case IQR -> {
                    double q1 = stats.quantiles().quantile(0.25);
                    double q3 = stats.quantiles().quantile(0.75);
                    low[i] = q1 - t * (q3 - q1);
                    high[i] = q3 + t * (q3 - q1);
                }
                case Z_SCORE -> {
                    double sd = stats.standardDeviation();
                    if (sd == 0) {
                        warnings.add("column " + name + ": all values are equal (standard deviation 0); "
                                + "no value is a z-score outlier");
                        return;
                    }
                    low[i] = stats.mean() - t * sd;
                    high[i] = stats.mean() + t * sd;
                }
                case MODIFIED_Z_SCORE -> {
                    double median = stats.quantiles().quantile(0.5);
                    double mad = stats.quantiles().medianAbsoluteDeviation();
                    if (mad == 0) {
                        warnings.add("column " + name + ": more than half the values are equal (MAD 0); "
                                + "no value is a modified z-score outlier");
                        return;
                    }
                    // modified z = 0.6745 (x - median) / MAD (Iglewicz and Hoaglin)
                    low[i] = median - t * mad / 0.6745;
                    high[i] = median + t * mad / 0.6745;
                }
            }
            if (o.method() != OutlierMethod.Z_SCORE && !stats.quantiles().isExact()) {
                warnings.add(estimatedQuantiles(name));
            }
        }

        private static String estimatedQuantiles(String column) {
            return "column " + column + ": more than " + QuantileSketch.EXACT_LIMIT
                    + " distinct values; its quantiles are t-digest estimates";
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

        // ---- the row rules ----

        /** Whether a text is one of the format's null tokens (a few short texts: compared, not hashed). */
        private boolean isNullToken(String text) {
            int n = text.length();
            if (n >= nullTokens.length) {
                return false;
            }
            for (String token : nullTokens[n]) {
                if (token.equals(text)) {
                    return true;
                }
            }
            return false;
        }

        /** A field's value: missing, or trimmed, cased, checked and converted. */
        Object value(int i, String text) {
            if (text == null || isNullToken(text)) {
                return null;
            }
            int n = text.length();
            if (asIs[i] && n > 0 && printableAscii(text.charAt(0)) && printableAscii(text.charAt(n - 1))) {
                return parse(i, text);
            }
            Column c = rules[i];
            String t = text;
            if (c.trim() || (!t.isEmpty() && (Character.isWhitespace(t.charAt(0))
                    || Character.isWhitespace(t.charAt(t.length() - 1))))) {
                String trimmed = t.trim();
                if (trimNullValues && isNullToken(trimmed)) {
                    return null;
                }
                if (c.trim()) {
                    t = trimmed;
                }
            }
            switch (c.textCase()) {
                case LOWER -> t = t.toLowerCase(Locale.ROOT);
                case UPPER -> t = t.toUpperCase(Locale.ROOT);
                default -> {
                }
            }
            if (c.pattern() != null && !c.pattern().matcher(t).matches()) {
                throw new PatternMismatch("column " + columns.get(i) + ": '" + t + "' does not match the pattern "
                        + c.pattern().pattern());
            }
            return parse(i, t);
        }

        private static boolean printableAscii(int c) {
            return c > ' ' && c < 0x7F;
        }

        private Object parse(int i, String text) {
            try {
                return parsers[i].parse(text);
            } catch (ValueException e) {
                throw new ValueException("column " + columns.get(i) + ": " + e.getMessage());
            }
        }

        /**
         * A record's fields converted to its columns' values, into {@code row[0, inputCount)}:
         * KEEP, or REJECT with the rule and reason in {@code st}. Readers convert the records they
         * can on their own thread ({@link FieldConversion}); this converts the rest, to say why.
         */
        int convert(SourceRecord record, Object[] row, RowState st) {
            if (record.error() != null) {
                return st.fail(MALFORMED, record.error());
            }
            if (record.values() != null) {
                // the reader converted every field with this plan
                System.arraycopy(record.values(), 0, row, 0, inputCount);
                return KEEP;
            }
            List<String> fields = record.fields();
            if (fields.size() != inputCount) {
                boolean multiLine = fields.stream().anyMatch(f -> f != null && f.indexOf('\n') >= 0);
                return st.fail(COLUMN_COUNT, "expected " + inputCount + " fields, found " + fields.size()
                        + (multiLine ? " (a quoted field spans lines: is a quote left open?)" : ""));
            }
            for (int i = 0; i < inputCount; i++) {
                Object v = convert(i, fields.get(i));
                if (v instanceof Rejected r) {
                    return st.fail(r.rule(), r.reason());
                }
                row[i] = v;
            }
            return KEEP;
        }

        /**
         * A plain number without spaces at its ends (trim or not, it is its own text) in a column
         * without case or pattern, read from its bytes; else NEEDS_TEXT.
         */
        @Override
        public Object convertAscii(int i, byte[] b, int from, int length) {
            if (!noCaseOrPattern[i] || length == 0 || !printableAscii(b[from]) || !printableAscii(b[from + length - 1])
                    || isNullToken(b, from, length)) {
                return NEEDS_TEXT;
            }
            Object v = parsers[i].plainNumber(b, from, length);
            return v != null ? v : NEEDS_TEXT;
        }

        private boolean isNullToken(byte[] b, int from, int length) {
            if (length >= nullTokens.length) {
                return false;
            }
            for (String token : nullTokens[length]) {
                boolean same = true;
                for (int k = 0; k < length && same; k++) {
                    same = token.charAt(k) == b[from + k];
                }
                if (same) {
                    return true;
                }
            }
            return false;
        }

        /** A field's value, or why its row is rejected ({@code pattern}, {@code type} or {@code required}). */
        @Override
        public Object convert(int i, String text) {
            Object v;
            try {
                v = value(i, text);
            } catch (PatternMismatch e) {
                return new Rejected(PATTERN, e.getMessage());
            } catch (ValueException e) {
                return new Rejected(TYPE, e.getMessage());
            }
            if (v == null && rules[i].required()) {
                return new Rejected(REQUIRED, "column " + columns.get(i) + " is missing");
            }
            return v;
        }

        /** The row rules on a converted row ({@code st.row}): missing values, outliers, drop/keep, derived columns. */
        int applyRules(RowState st) {
            Object[] row = st.row;
            for (int i = inputCount; i < row.length; i++) {
                row[i] = null;
            }
            if (st.counting) {
                rowsCounted++;
                for (int i = 0; i < inputCount; i++) {
                    if (row[i] == null) {
                        nullsBefore[i]++;
                    }
                }
            }
            if (hasMissingRules && missingValues(st) == DROP) {
                return DROP;
            }
            if (hasOutlierRules && outliers(st) == DROP) {
                return DROP;
            }
            try {
                for (Map.Entry<String, RowExpression> rule : dropRules) {
                    if (rule.getValue().test(row, st)) {
                        return st.fail(rule.getKey(), null);
                    }
                }
                for (Map.Entry<String, RowExpression> rule : keepRules) {
                    if (!rule.getValue().test(row, st)) {
                        return st.fail(rule.getKey(), null);
                    }
                }
                for (int d = 0; d < derived.size(); d++) {
                    int at = derivedStart + d;
                    row[at] = coerce(derived.get(d).evaluate(row, st), derivedTypes.get(d), columns.get(at));
                }
            } catch (ValueException e) {
                return st.fail(EXPRESSION, e.getMessage());
            }
            return KEEP;
        }

        private int missingValues(RowState st) {
            Object[] row = st.row;
            // last valid values first: a row dropped for another column's missing value still passes its values on
            for (int i : missingColumns) {
                DatasetSpec.Missing m = rules[i].missing();
                if (m.strategy() == MissingStrategy.LAST_VALID) {
                    if (row[i] != null) {
                        st.lastValid[i] = row[i];
                    } else {
                        row[i] = st.lastValid[i];
                        if (st.counting && row[i] != null) {
                            filled[i]++;
                        }
                    }
                }
            }
            for (int i : missingColumns) {
                DatasetSpec.Missing m = rules[i].missing();
                if (m.strategy() == MissingStrategy.LAST_VALID || row[i] != null) {
                    continue;
                }
                if (m.strategy() == MissingStrategy.DROP) {
                    return st.fail(missingRule(columns.get(i)), null);
                }
                row[i] = fills[i];
                if (st.counting && row[i] != null) {
                    filled[i]++;
                }
            }
            return KEEP;
        }

        private int outliers(RowState st) {
            Object[] row = st.row;
            for (int i : outlierColumns) {
                DatasetSpec.Outliers o = rules[i].outliers();
                Object v = row[i];
                if (v == null) {
                    continue;
                }
                double d = v instanceof BigDecimal b ? b.doubleValue() : ((Number) v).doubleValue();
                boolean outlier = d < low[i] || d > high[i];
                if (flagIndex[i] >= 0) {
                    row[flagIndex[i]] = outlier;
                }
                if (!outlier) {
                    continue;
                }
                if (st.counting) {
                    outlierCounts[i]++;
                }
                switch (o.action()) {
                    case REMOVE -> {
                        return st.fail(outlierRule(columns.get(i)), null);
                    }
                    case CLAMP -> row[i] = clamp(d < low[i] ? low[i] : high[i], d < low[i], rules[i].type());
                    case SET_NULL -> row[i] = null;
                    case FLAG -> {
                    }
                }
            }
            return KEEP;
        }

        /** A bound as a value of the column's type, rounded inwards so the clamped value is within bounds. */
        private static Object clamp(double bound, boolean isLow, ColumnType type) {
            double inward = isLow ? Math.ceil(bound) : Math.floor(bound);
            return switch (type) {
                case INT -> (int) inward;
                case LONG -> (long) inward;
                case DECIMAL -> BigDecimal.valueOf(bound);
                default -> bound;
            };
        }

        private static Object coerce(Object value, ColumnType type, String column) {
            if (value == null) {
                return null;
            }
            if (type == null) {
                // no declared type: keep numbers, booleans, dates and text as they are
                if (value instanceof Integer || value instanceof Long || value instanceof Double
                        || value instanceof BigDecimal || value instanceof Boolean || value instanceof LocalDate
                        || value instanceof Instant || value instanceof String) {
                    return value;
                }
                if (value instanceof Number n) {
                    return n.longValue();
                }
                return value.toString();
            }
            if (type.holds(value)) {
                return value;
            }
            if (type == ColumnType.STRING) {
                return value.toString();
            }
            try {
                return ValueParser.of(type).parse(value.toString());
            } catch (ValueException e) {
                throw new ValueException("derive." + column + ": " + e.getMessage());
            }
        }

        private RowHash key(Object[] row, RowHash hash) {
            hash.reset();
            for (int k : keyColumns) {
                hash.add(row[k]);
            }
            return hash.finish();
        }

        private static long position(SourceRecord record) {
            return record.line() << 20 | record.part();
        }

        // ---- the passes ----

        /** What a pass does with each record and its outcome (KEEP, DROP or REJECT; st holds the row and rule). */
        @FunctionalInterface
        private interface RowOutcome {
            void accept(SourceRecord record, int outcome) throws IOException;
        }

        /**
         * Runs every record of the source through conversion (done by the reader, on its thread,
         * for the records that convert) and the row rules, in order, then hands it and its outcome on.
         */
        private void eachRow(RowSource source, RowState st, RowOutcome then) throws IOException {
            while (source.hasNext()) {
                SourceRecord record = source.next();
                int outcome = convert(record, st.row, st);
                if (outcome == KEEP) {
                    outcome = applyRules(st);
                }
                then.accept(record, outcome);
            }
        }

        void findLastRows(RowSource source, DuplicateIndex lastRows) throws IOException {
            RowState st = new RowState(index, inputCount, false);
            st.row = new Object[columns.size()];
            RowHash hash = new RowHash();
            eachRow(source, st, (record, outcome) -> {
                if (outcome == KEEP) {
                    lastRows.put(key(st.row, hash), position(record));
                }
            });
        }

        CleanSummary clean(RowSource source, RowSink sink, Consumer<RejectedRow> rejects, DuplicateIndex lastRows,
                           List<OutputCheck> checks) throws IOException {
            List<String> outColumns = outputColumns();
            sink.start(outColumns, outputTypes());
            OutputCheck[] limits = checks.toArray(OutputCheck[]::new);
            for (OutputCheck check : limits) {
                check.start(outColumns, outputTypes());
            }
            RowState st = new RowState(index, inputCount, true);
            st.row = new Object[columns.size()];
            Object[] out = projection == null ? st.row : new Object[projection.length];
            DuplicateIndex seen = keyColumns != null && !keepLast ? new DuplicateIndex() : null;
            RowHash hash = new RowHash();
            long[] counts = new long[2]; // rows in, rows out
            Map<String, Long> dropped = new LinkedHashMap<>();
            Map<String, Long> rejected = new LinkedHashMap<>();
            char delimiter = spec.format().delimiter();
            char quote = spec.format().quote();
            eachRow(source, st, (record, outcome) -> {
                counts[0]++;
                if (outcome == REJECT) {
                    rejected.merge(st.rule, 1L, Long::sum);
                    rejects.accept(new RejectedRow(record.line(), st.rule, st.reason, asRead(record, delimiter, quote)));
                    return;
                }
                if (outcome == KEEP && keyColumns != null) {
                    key(st.row, hash);
                    boolean first = keepLast ? lastRows.position(hash) == position(record) : seen.add(hash);
                    if (!first) {
                        st.rule = DUPLICATE;
                        outcome = DROP;
                    }
                }
                if (outcome == DROP) {
                    dropped.merge(st.rule, 1L, Long::sum);
                    return;
                }
                if (projection != null) {
                    for (int p = 0; p < projection.length; p++) {
                        out[p] = st.row[projection[p]];
                    }
                }
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
            List<String> outColumns = outputColumns();
            List<ColumnReport> reports = new ArrayList<>();
            for (int o = 0; o < outColumns.size(); o++) {
                int i = index.get(outColumns.get(o));
                ColumnStats s = profile.column(o);
                double mean = s.mean();
                boolean input = i < inputCount;
                reports.add(new ColumnReport(outColumns.get(o), types.get(i), origins.get(i),
                        input ? nullsBefore[i] : -1, s.missing(), input ? filled[i] : 0, input ? fills[i] : null,
                        s.min(), s.max(), Double.isNaN(mean) ? null : mean, s.distinctEstimate()));
            }
            List<String> warnings = new ArrayList<>(this.warnings);
            for (int i = 0; i < inputCount; i++) {
                if (rowsCounted > 0 && nullsBefore[i] == rowsCounted && !saidEmpty.contains(i)) {
                    warnings.add("column " + columns.get(i) + ": every value is missing"
                            + (spec.format().type().equals("csv") ? "" : " (no record has the field, or none has a value)"));
                }
            }
            Map<String, OutlierReport> outliers = new LinkedHashMap<>();
            for (int i = 0; i < inputCount; i++) {
                DatasetSpec.Outliers o = rules[i].outliers();
                if (o != null) {
                    outliers.put(columns.get(i), new OutlierReport(o.method(), o.threshold(),
                            Double.isInfinite(low[i]) ? null : low[i], Double.isInfinite(high[i]) ? null : high[i],
                            o.action(), outlierCounts[i]));
                }
            }
            return new CleanReport(summary, reports, outliers, List.copyOf(warnings));
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

    /** A value that does not match its column's pattern (rejected as {@code pattern}, not {@code type}). */
    private static final class PatternMismatch extends ValueException {
        PatternMismatch(String message) {
            super(message);
        }
    }
}
