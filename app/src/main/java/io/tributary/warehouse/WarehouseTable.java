package io.tributary.warehouse;

import io.tributary.clean.ColumnType;
import io.tributary.clean.DatasetSpec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A warehouse table a dataset declares ({@code output.warehouse}): its columns with the clean
 * types, the key, and how a load changes it.
 *
 * @param source the DynamoDB table whose changes a {@link Mode#CHANGES} table mirrors (null otherwise)
 */
public record WarehouseTable(String schema, String name, List<Column> columns, List<String> key, Mode mode,
                             String source) {

    /** How a staged object changes the table. */
    public enum Mode {
        /** Rows replace the rows with the same key (the last of a key in the object wins); new keys are added. */
        UPSERT,
        /** Every row is added. */
        APPEND,
        /**
         * The object holds changes of a DynamoDB table (INSERT, MODIFY, REMOVE, each with its stream
         * sequence number): per key the latest change wins, older ones than the table holds are
         * ignored, a REMOVE deletes (and is remembered in {@code <table>_removed}, so an older change
         * arriving later cannot bring the row back).
         */
        CHANGES
    }

    /** A column, with the clean type it holds (and a decimal's precision and scale). */
    public record Column(String name, ColumnType type, DatasetSpec.Decimal decimal) {
    }

    /** The column a {@link Mode#CHANGES} table keeps each row's last applied stream sequence number in. */
    public static final String SEQUENCE = "change_sequence";
    /** The fields an archived change carries besides the item's attributes ({@code changes-as-rows}). */
    public static final String CHANGE_TYPE = "change_type";
    public static final String CHANGE_TABLE = "change_table";
    /** The staged rows' order, for which of several rows of a key is the last. */
    public static final String ROW = "tributary_row";

    public WarehouseTable {
        columns = List.copyOf(columns);
        key = List.copyOf(key);
        List<String> names = columns.stream().map(Column::name).toList();
        for (String k : key) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("the warehouse table " + name + " has no key column " + k
                        + " (its columns: " + String.join(", ", names) + ")");
            }
        }
        if (mode != Mode.APPEND && key.isEmpty()) {
            throw new IllegalArgumentException("the warehouse table " + name + " needs a key to " + mode.name()
                    .toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The table mirroring a dataset's DynamoDB table ({@code output.warehouse.from: changes}): the
     * spec's output columns (its {@code output.columns}, else its declared, flag and derived columns)
     * with their declared types (text where it declares none), keyed as the DynamoDB table.
     */
    public static WarehouseTable mirrorOf(DatasetSpec spec, String schema) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(spec.output().columns());
        if (names.isEmpty()) {
            spec.columns().forEach((name, c) -> {
                names.add(c.rename() != null ? c.rename() : name);
                if (c.outliers() != null && c.outliers().flagColumn() != null) {
                    names.add(c.outliers().flagColumn());
                }
            });
            names.addAll(spec.derive().keySet());
        }
        names.addAll(spec.warehouseKey());
        List<Column> columns = new java.util.ArrayList<>();
        for (String name : names) {
            ColumnType type = spec.outputType(name) == null ? ColumnType.STRING : spec.outputType(name);
            columns.add(new Column(name, type, type == ColumnType.DECIMAL ? spec.decimal(name) : null));
        }
        return new WarehouseTable(schema, spec.warehouse().table(), columns, spec.warehouseKey(), Mode.CHANGES,
                spec.dynamodb().table());
    }

    /** The table where a {@link Mode#CHANGES} table remembers removed keys. */
    public String removedName() {
        return name + "_removed";
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** Quoted, so any column name works the same in PostgreSQL and Redshift. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String quoted(List<String> identifiers) {
        return identifiers.stream().map(WarehouseTable::quote).collect(Collectors.joining(", "));
    }

    /** A SQL text literal. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
