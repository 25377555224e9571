package io.tributary.warehouse;

import io.tributary.clean.DatasetSpec;

/**
 * Where PostgreSQL's SQL and Redshift's differ for a load: the text types, and adding a column
 * if missing. Everything else a load runs is the same text for both ({@link LoadStatements}); the
 * COPY differs in where the bytes come from and is each warehouse's own.
 */
public enum Dialect {
    /** TEXT has no length limit; JSONB parses the JSON text. */
    POSTGRESQL("TEXT", "JSONB"),
    /** Redshift's longest VARCHAR (its TEXT is VARCHAR(256), too short for clean text); JSON as its text. */
    REDSHIFT("VARCHAR(65535)", "VARCHAR(65535)");

    private final String text;
    private final String json;

    Dialect(String text, String json) {
        this.text = text;
        this.json = json;
    }

    /** The SQL type a column of this clean type is created with. */
    public String type(WarehouseTable.Column column) {
        return switch (column.type()) {
            case STRING -> text;
            case JSON -> json;
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> {
                DatasetSpec.Decimal d = column.decimal() == null ? DatasetSpec.Decimal.DEFAULT : column.decimal();
                yield "DECIMAL(" + d.precision() + "," + d.scale() + ")";
            }
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }

    /**
     * Whether {@code ALTER TABLE ... ADD COLUMN IF NOT EXISTS} adds a column the spec gained to an
     * existing table (PostgreSQL). Redshift has no such clause: there a new column is added by hand,
     * and until then the load fails naming it.
     */
    public boolean addsColumnsIfMissing() {
        return this == POSTGRESQL;
    }

    /**
     * Whether an append COPYs straight into the table, with no staging table: PostgreSQL, whose
     * ledger key is enforced and whose loads of one object take a lock first (PostgresWarehouse),
     * so a replay or a concurrent load of the same object can never add the rows twice. Redshift
     * enforces no key: there the staging table, emptied when the ledger has the object, is the guard.
     */
    public boolean appendsWithoutStaging() {
        return this == POSTGRESQL;
    }
}
