package io.tributary.clean;

import org.apache.commons.jexl3.JexlContext;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cleans one file's rows as they stream past, with the rules of one {@link DatasetSpec}:
 * <ol>
 *   <li>reject rows the reader could not parse or whose field count differs from the header;</li>
 *   <li>turn the spec's null values into missing values, then convert declared columns to their
 *       types (a value that does not convert rejects the row);</li>
 *   <li>fill missing values with the spec's constants;</li>
 *   <li>drop rows matched by a {@code rows.drop_when} rule (counted under the rule's name);</li>
 *   <li>add derived columns;</li>
 *   <li>drop exact duplicates of an earlier row (counted as {@code duplicate}).</li>
 * </ol>
 * Memory does not grow with the file beyond the {@link DuplicateIndex}.
 */
public final class Cleaner {

    public static final String DUPLICATE = "duplicate";
    public static final String MALFORMED = "malformed";
    public static final String COLUMN_COUNT = "column_count";
    public static final String TYPE = "type";
    public static final String EXPRESSION = "expression";

    private final DatasetSpec spec;

    public Cleaner(DatasetSpec spec) {
        this.spec = spec;
    }

    public DatasetSpec spec() {
        return spec;
    }

    /**
     * Reads every record of {@code source}, writes clean rows to {@code sink} and reports each
     * rejected row to {@code rejects}. The sink is started but not closed.
     */
    public CleanSummary run(RowSource source, RowSink sink, Consumer<RejectedRow> rejects) throws IOException {
        Plan plan = new Plan(spec, source.columns());
        sink.start(plan.outputColumns, plan.outputTypes);

        long rowsIn = 0;
        long rowsOut = 0;
        Map<String, Long> dropped = new LinkedHashMap<>();
        Map<String, Long> rejected = new LinkedHashMap<>();
        DuplicateIndex seen = spec.duplicates() == DatasetSpec.Duplicates.EXACT ? new DuplicateIndex() : null;
        RowContext context = new RowContext(plan.index);
        StringBuilder canonical = new StringBuilder(256);

        while (source.hasNext()) {
            SourceRecord record = source.next();
            rowsIn++;
            if (record.error() != null) {
                reject(rejects, rejected, new RejectedRow(record.line(), MALFORMED, record.error()));
                continue;
            }
            List<String> fields = record.fields();
            if (fields.size() != plan.inputCount) {
                boolean multiLine = fields.stream().anyMatch(f -> f != null && f.indexOf('\n') >= 0);
                reject(rejects, rejected, new RejectedRow(record.line(), COLUMN_COUNT,
                        "expected " + plan.inputCount + " fields, found " + fields.size()
                                + (multiLine ? " (a quoted field spans lines: is a quote left open?)" : "")));
                continue;
            }
            Object[] row = new Object[plan.outputColumns.size()];
            try {
                plan.convert(fields, row);
            } catch (ValueException e) {
                reject(rejects, rejected, new RejectedRow(record.line(), TYPE, e.getMessage()));
                continue;
            }
            context.row = row;
            String dropRule;
            try {
                dropRule = plan.dropRule(context);
                if (dropRule == null) {
                    plan.derive(context, row);
                }
            } catch (ValueException e) {
                reject(rejects, rejected, new RejectedRow(record.line(), EXPRESSION, e.getMessage()));
                continue;
            }
            if (dropRule != null) {
                dropped.merge(dropRule, 1L, Long::sum);
                continue;
            }
            if (seen != null && !seen.add(plan.canonical(row, canonical))) {
                dropped.merge(DUPLICATE, 1L, Long::sum);
                continue;
            }
            sink.accept(record.line(), row);
            rowsOut++;
        }
        return new CleanSummary(rowsIn, rowsOut, dropped, rejected);
    }

    private static void reject(Consumer<RejectedRow> rejects, Map<String, Long> counts, RejectedRow row) {
        counts.merge(row.rule(), 1L, Long::sum);
        rejects.accept(row);
    }

    /** The spec applied to one file's header: column positions, converters and compiled expressions. */
    private static final class Plan {
        final int inputCount;
        final List<String> outputColumns = new ArrayList<>();
        final List<ColumnType> outputTypes = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();
        final DatasetSpec.Column[] inputSpecs;
        final Object[] fills;
        final Set<String> nullValues;
        final List<Map.Entry<String, RowExpression>> dropRules = new ArrayList<>();
        final List<RowExpression> derived = new ArrayList<>();
        final List<ColumnType> derivedTypes = new ArrayList<>();

        Plan(DatasetSpec spec, List<String> header) {
            String where = spec.source();
            inputCount = header.size();
            Set<String> names = new LinkedHashSet<>();
            for (String column : header) {
                if (!names.add(column)) {
                    throw new SpecException(where + ": the file's header names column '" + column + "' twice");
                }
            }
            for (String declared : spec.columns().keySet()) {
                if (!names.contains(declared)) {
                    throw new SpecException(where + ": columns." + declared
                            + " is not in the file's header (" + String.join(", ", header) + ")");
                }
            }
            inputSpecs = new DatasetSpec.Column[inputCount];
            fills = new Object[inputCount];
            for (int i = 0; i < inputCount; i++) {
                String column = header.get(i);
                DatasetSpec.Column declared = spec.columns().get(column);
                inputSpecs[i] = declared;
                ColumnType type = declared == null ? ColumnType.STRING : declared.type();
                index.put(column, i);
                outputColumns.add(column);
                outputTypes.add(type);
            }
            for (Map.Entry<String, Object> fill : spec.fill().entrySet()) {
                Integer i = index.get(fill.getKey());
                if (i == null) {
                    throw new SpecException(where + ": missing.fill." + fill.getKey() + " is not a column of the file");
                }
                try {
                    fills[i] = outputTypes.get(i).parse(String.valueOf(fill.getValue()),
                            inputSpecs[i] == null ? null : inputSpecs[i].dateFormat());
                } catch (ValueException e) {
                    throw new SpecException(where + ": missing.fill." + fill.getKey() + ": " + e.getMessage());
                }
            }
            for (Map.Entry<String, String> rule : spec.dropWhen().entrySet()) {
                dropRules.add(Map.entry(rule.getKey(), RowExpression.compile(
                        where + ": rows.drop_when." + rule.getKey(), rule.getValue(), index.keySet())));
            }
            for (Map.Entry<String, DatasetSpec.Derived> d : spec.derive().entrySet()) {
                if (index.containsKey(d.getKey())) {
                    throw new SpecException(where + ": derive." + d.getKey() + " would overwrite a column of the file");
                }
                // a derived column may read the columns derived before it
                derived.add(RowExpression.compile(where + ": derive." + d.getKey(), d.getValue().expression(),
                        index.keySet()));
                derivedTypes.add(d.getValue().type());
                index.put(d.getKey(), outputColumns.size());
                outputColumns.add(d.getKey());
                outputTypes.add(d.getValue().type() == null ? ColumnType.STRING : d.getValue().type());
            }
            nullValues = spec.format().nullValues();
        }

        void convert(List<String> fields, Object[] row) {
            for (int i = 0; i < inputCount; i++) {
                String text = fields.get(i);
                Object value;
                if (text == null || nullValues.contains(text) || nullValues.contains(text.trim())) {
                    value = fills[i];
                } else {
                    DatasetSpec.Column declared = inputSpecs[i];
                    try {
                        value = declared == null ? text : declared.type().parse(text, declared.dateFormat());
                    } catch (ValueException e) {
                        throw new ValueException("column " + outputColumns.get(i) + ": " + e.getMessage());
                    }
                }
                row[i] = value;
            }
        }

        String dropRule(RowContext context) {
            for (Map.Entry<String, RowExpression> rule : dropRules) {
                if (rule.getValue().test(context)) {
                    return rule.getKey();
                }
            }
            return null;
        }

        void derive(RowContext context, Object[] row) {
            for (int d = 0; d < derived.size(); d++) {
                Object value = derived.get(d).evaluate(context);
                row[inputCount + d] = coerce(value, derivedTypes.get(d), outputColumns.get(inputCount + d));
            }
        }

        private static Object coerce(Object value, ColumnType type, String column) {
            if (value == null) {
                return null;
            }
            if (type == null) {
                // no declared type: keep numbers, booleans and dates as they are, anything else as text
                if (value instanceof Integer || value instanceof Long || value instanceof Double
                        || value instanceof BigDecimal || value instanceof Boolean || value instanceof LocalDate
                        || value instanceof String) {
                    return value;
                }
                if (value instanceof Number n) {
                    return n.longValue();
                }
                return value.toString();
            }
            if (type == ColumnType.STRING) {
                return value.toString();
            }
            try {
                return type.parse(value.toString(), null);
            } catch (ValueException e) {
                throw new ValueException("derive." + column + ": " + e.getMessage());
            }
        }

        /** The row's identity for duplicate detection: every input value with its type. */
        CharSequence canonical(Object[] row, StringBuilder sb) {
            sb.setLength(0);
            for (int i = 0; i < inputCount; i++) {
                Object v = row[i];
                if (v == null) {
                    sb.append('\u0000');
                } else {
                    sb.append(v);
                }
                sb.append('\u001f');
            }
            return sb;
        }
    }

    /** Exposes the current row to expressions by column name, without a map per row. */
    private static final class RowContext implements JexlContext {
        private final Map<String, Integer> index;
        Object[] row;

        RowContext(Map<String, Integer> index) {
            this.index = index;
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
}
