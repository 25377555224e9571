package io.tributary.clean;

import io.tributary.clean.DatasetSpec.Column;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec bound to one file's header: the file's columns (names standardised as the spec says)
 * with their rules, then the columns the rules add (outlier flags, derived columns), each with its
 * position, type and origin; and the output columns, checked against what the sinks need. The
 * header's mistakes (two columns with one name, a declared column the file lacks) fail the file
 * here, naming the spec.
 */
final class HeaderBinding {
    final DatasetSpec spec;
    /** The spec's file, for messages. */
    final String where;
    final int inputCount;
    /** Per input column: its rules (plain text for one the spec does not name). */
    final Column[] rules;
    final List<String> columns = new ArrayList<>();
    final List<ColumnType> types = new ArrayList<>();
    final List<String> origins = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();
    /** The positions of the output columns, in order; null for all of them. */
    private int[] projection;

    HeaderBinding(DatasetSpec spec, List<String> header, String declaredOrigin) {
        this.spec = spec;
        this.where = spec.source();
        this.inputCount = header.size();
        this.rules = new Column[inputCount];
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
        for (int i = 0; i < inputCount; i++) {
            Column rule = spec.column(names.get(i));
            rules[i] = rule;
            add(rule.rename() != null ? rule.rename() : names.get(i), rule.type(),
                    spec.columns().containsKey(names.get(i)) ? declaredOrigin : "text",
                    "columns." + names.get(i) + ".rename");
        }
    }

    /** Adds a column a rule makes; its position. {@code key} is the spec key that names it, for the message. */
    int add(String name, ColumnType type, String origin, String key) {
        if (index.containsKey(name)) {
            throw new SpecException(where + ": " + key + ": a column named '" + name + "' already exists");
        }
        index.put(name, columns.size());
        columns.add(name);
        types.add(type);
        origins.add(origin);
        return columns.size() - 1;
    }

    /** The positions of the named columns; a name that is no column fails, naming {@code key}. */
    int[] positions(List<String> names, String key) {
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

    /**
     * Chooses the output columns ({@code output.columns}, else all) once every rule has added its
     * own, and checks that the sinks' key and partition columns are among them.
     */
    void bindOutput() {
        projection = spec.output().columns().isEmpty() ? null : positions(spec.output().columns(), "output.columns");
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
        if (parquet != null && !parquet.partitionBy().isEmpty() && out.stream().allMatch(parquet.partitionBy()::contains)) {
            throw new SpecException(where + ": output.parquet.partition_by: every output column is a partition"
                    + " column; a Parquet file needs at least one column of its own");
        }
    }

    /** The output row of a full row: itself, or its output columns copied into {@code out}. */
    Object[] project(Object[] row, Object[] out) {
        if (projection == null) {
            return row;
        }
        for (int p = 0; p < projection.length; p++) {
            out[p] = row[projection[p]];
        }
        return out;
    }

    int outputWidth() {
        return projection == null ? columns.size() : projection.length;
    }

    List<String> outputColumns() {
        return projected(columns);
    }

    List<ColumnType> outputTypes() {
        return projected(types);
    }

    private <T> List<T> projected(List<T> all) {
        if (projection == null) {
            return List.copyOf(all);
        }
        List<T> out = new ArrayList<>();
        for (int p : projection) {
            out.add(all.get(p));
        }
        return out;
    }

    /** The positions of the input columns whose rules match, in order. */
    int[] inputColumnsWhere(java.util.function.Predicate<Column> rule) {
        return java.util.stream.IntStream.range(0, inputCount).filter(i -> rule.test(rules[i])).toArray();
    }
}
