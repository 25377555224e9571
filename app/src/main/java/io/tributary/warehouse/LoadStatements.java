package io.tributary.warehouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.tributary.warehouse.WarehouseTable.CHANGE_TABLE;
import static io.tributary.warehouse.WarehouseTable.CHANGE_TYPE;
import static io.tributary.warehouse.WarehouseTable.ROW;
import static io.tributary.warehouse.WarehouseTable.SEQUENCE;
import static io.tributary.warehouse.WarehouseTable.literal;
import static io.tributary.warehouse.WarehouseTable.quote;
import static io.tributary.warehouse.WarehouseTable.quoted;

/**
 * The statements of one load, in one transaction, the same text on PostgreSQL and Redshift but
 * for the column types ({@link Dialect}) and the COPY between {@link #prepare} and {@link #apply}:
 * <ol>
 *   <li>the table (and the load ledger) created if missing, from the spec's types (on PostgreSQL,
 *       a column the spec gained is added to an existing table);</li>
 *   <li>a temporary staging table shaped like the table (its very column types, so a value the
 *       table refuses fails the COPY, naming the line), plus the row order;</li>
 *   <li>the COPY of the staged object into it (an append on PostgreSQL COPYs into the table itself:
 *       {@link Dialect#appendsWithoutStaging});</li>
 *   <li>the staging emptied if the ledger already has this object's content (a replay is a no-op);</li>
 *   <li>upsert: the last row of each key replaces the table's rows with that key (delete, then
 *       insert: Redshift's documented merge by replacing rows, and what PostgreSQL runs the same);
 *       append: every row added; changes: see {@link WarehouseTable.Mode#CHANGES};</li>
 *   <li>the ledger's row for the object, in the same transaction as the data.</li>
 * </ol>
 */
public final class LoadStatements {

    static final String STAGE = "tributary_stage";
    static final String LATEST = "tributary_latest";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final Dialect dialect;
    private final WarehouseTable table;
    private final String ledger;

    /** @param ledger the load ledger's table name, in the table's schema */
    public LoadStatements(Dialect dialect, WarehouseTable table, String ledger) {
        this.dialect = dialect;
        this.table = table;
        this.ledger = ledger;
    }

    /** Whether the COPY goes straight into the table (an append on PostgreSQL: {@link Dialect#appendsWithoutStaging}). */
    public boolean copiesIntoTarget() {
        return table.mode() == WarehouseTable.Mode.APPEND && dialect.appendsWithoutStaging();
    }

    /** The table the COPY fills: the staging table, or the table itself. */
    public String copyTable() {
        return copiesIntoTarget() ? target() : STAGE;
    }

    public String target() {
        return quote(table.schema()) + "." + quote(table.name());
    }

    private String removed() {
        return quote(table.schema()) + "." + quote(table.removedName());
    }

    private String ledgerTable() {
        return quote(table.schema()) + "." + quote(ledger);
    }

    private String columnsOf(List<WarehouseTable.Column> columns) {
        return columns.stream().map(c -> quote(c.name()) + " " + dialect.type(c)).collect(Collectors.joining(", "));
    }

    private boolean changes() {
        return table.mode() == WarehouseTable.Mode.CHANGES;
    }

    /** The staging table's columns in the staged object's order: the table's, then the change fields or the row order. */
    public List<String> stagedColumns() {
        List<String> columns = new ArrayList<>(table.columnNames());
        if (changes()) {
            columns.addAll(List.of(CHANGE_TYPE, SEQUENCE, CHANGE_TABLE));
        }
        if (table.mode() != WarehouseTable.Mode.APPEND) {
            columns.add(ROW); // which of a key's rows is the last
        }
        return columns;
    }

    /** Before the COPY: the tables if missing, and the staging table. */
    public List<String> prepare() {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE IF NOT EXISTS " + target() + " (" + columnsOf(table.columns())
                + (changes() ? ", " + quote(SEQUENCE) + " DECIMAL(38,0)" : "") + ")");
        if (dialect.addsColumnsIfMissing()) {
            for (WarehouseTable.Column c : table.columns()) {
                sql.add("ALTER TABLE " + target() + " ADD COLUMN IF NOT EXISTS " + quote(c.name()) + " " + dialect.type(c));
            }
        }
        if (changes()) {
            sql.add("CREATE TABLE IF NOT EXISTS " + removed() + " (" + columnsOf(table.key().stream()
                    .map(table::column).toList()) + ", " + quote(SEQUENCE) + " DECIMAL(38,0))");
        }
        sql.add("CREATE TABLE IF NOT EXISTS " + ledgerTable() + " (\"object\" VARCHAR(1024) NOT NULL,"
                + " \"target_table\" VARCHAR(256) NOT NULL, \"sha256\" CHAR(64) NOT NULL, \"rows\" BIGINT,"
                + " \"loaded_at\" TIMESTAMP, PRIMARY KEY (\"object\", \"target_table\", \"sha256\"))");
        // shaped like the table, column types and all; the sequence as text (as the archive has it)
        String extra = changes()
                ? ", CAST(NULL AS VARCHAR(16)) AS " + quote(CHANGE_TYPE) + ", CAST(NULL AS VARCHAR(64)) AS "
                + quote(SEQUENCE) + ", CAST(NULL AS VARCHAR(256)) AS " + quote(CHANGE_TABLE)
                : "";
        if (!copiesIntoTarget()) {
            String row = table.mode() == WarehouseTable.Mode.APPEND ? "" : ", CAST(NULL AS BIGINT) AS " + quote(ROW);
            sql.add("CREATE TEMP TABLE " + STAGE + " AS SELECT " + quoted(table.columnNames()) + extra + row
                    + " FROM " + target() + " LIMIT 0");
        }
        return sql;
    }

    private String ledgerHas(String object, String sha256) {
        return "SELECT 1 FROM " + ledgerTable() + " WHERE \"object\" = " + literal(object)
                + " AND \"target_table\" = " + literal(table.name()) + " AND \"sha256\" = " + literal(sha256);
    }

    /** Whether the ledger has this content of the object loaded into the table (a query of one row or none). */
    public String loadedBefore(String object, String sha256) {
        return ledgerHas(object, sha256);
    }

    private String sameKey(String left, String right) {
        return table.key().stream().map(k -> "(" + left + "." + quote(k) + " = " + right + "." + quote(k) + " OR ("
                + left + "." + quote(k) + " IS NULL AND " + right + "." + quote(k) + " IS NULL))")
                .collect(Collectors.joining(" AND "));
    }

    /**
     * After the COPY: the change of the table and the ledger's row, for the object with this content
     * ({@code copied}: the rows the COPY took, the ledger's count when there is no staging table).
     */
    public List<String> apply(String object, String sha256, Instant now, long copied) {
        List<String> sql = new ArrayList<>();
        if (copiesIntoTarget()) {
            // the rows are in the table already; the ledger's key refuses a second load of the same content
            sql.add("INSERT INTO " + ledgerTable() + " (\"object\", \"target_table\", \"sha256\", \"rows\","
                    + " \"loaded_at\") VALUES (" + literal(object) + ", " + literal(table.name()) + ", "
                    + literal(sha256) + ", " + copied + ", TIMESTAMP " + literal(TIMESTAMP.format(now)) + ")");
            return sql;
        }
        sql.add("DELETE FROM " + STAGE + " WHERE EXISTS (" + ledgerHas(object, sha256) + ")");
        String columns = quoted(table.columnNames());
        String keys = quoted(table.key());
        switch (table.mode()) {
            case APPEND -> sql.add("INSERT INTO " + target() + " (" + columns + ") SELECT " + columns + " FROM " + STAGE);
            case UPSERT -> {
                sql.add("CREATE TEMP TABLE " + LATEST + " AS SELECT " + columns + " FROM (SELECT " + columns
                        + ", ROW_NUMBER() OVER (PARTITION BY " + keys + " ORDER BY " + quote(ROW)
                        + " DESC) AS tributary_rank FROM " + STAGE + ") ranked WHERE tributary_rank = 1");
                sql.add("DELETE FROM " + target() + " USING " + LATEST + " WHERE " + sameKey(target(), LATEST));
                sql.add("INSERT INTO " + target() + " (" + columns + ") SELECT " + columns + " FROM " + LATEST);
                sql.add("DROP TABLE " + LATEST);
            }
            case CHANGES -> {
                String sequence = quote(SEQUENCE);
                sql.add("DELETE FROM " + STAGE + " WHERE " + quote(CHANGE_TABLE) + " IS NULL OR " + quote(CHANGE_TABLE)
                        + " <> " + literal(table.source()));
                sql.add("CREATE TEMP TABLE " + LATEST + " AS SELECT " + columns + ", " + quote(CHANGE_TYPE) + ", "
                        + sequence + " FROM (SELECT " + columns + ", " + quote(CHANGE_TYPE) + ", CAST(" + sequence
                        + " AS DECIMAL(38,0)) AS " + sequence + ", ROW_NUMBER() OVER (PARTITION BY " + keys
                        + " ORDER BY CAST(" + sequence + " AS DECIMAL(38,0)) DESC, " + quote(ROW)
                        + " DESC) AS tributary_rank FROM " + STAGE + ") ranked WHERE tributary_rank = 1");
                // a change older than what the table (or its removed keys) already has is ignored
                for (String applied : List.of(target(), removed())) {
                    sql.add("DELETE FROM " + LATEST + " USING " + applied + " WHERE " + sameKey(LATEST, applied)
                            + " AND " + applied + "." + sequence + " >= " + LATEST + "." + sequence);
                }
                sql.add("DELETE FROM " + target() + " USING " + LATEST + " WHERE " + sameKey(target(), LATEST));
                sql.add("DELETE FROM " + removed() + " USING " + LATEST + " WHERE " + sameKey(removed(), LATEST));
                sql.add("INSERT INTO " + target() + " (" + columns + ", " + sequence + ") SELECT " + columns + ", "
                        + sequence + " FROM " + LATEST + " WHERE " + quote(CHANGE_TYPE) + " <> 'REMOVE'");
                sql.add("INSERT INTO " + removed() + " (" + keys + ", " + sequence + ") SELECT " + keys + ", "
                        + sequence + " FROM " + LATEST + " WHERE " + quote(CHANGE_TYPE) + " = 'REMOVE'");
                sql.add("DROP TABLE " + LATEST);
            }
        }
        sql.add("INSERT INTO " + ledgerTable() + " (\"object\", \"target_table\", \"sha256\", \"rows\", \"loaded_at\")"
                + " SELECT " + literal(object) + ", " + literal(table.name()) + ", " + literal(sha256)
                + ", staged.n, TIMESTAMP " + literal(TIMESTAMP.format(now)) + " FROM (SELECT COUNT(*) AS n FROM "
                + STAGE + ") staged WHERE NOT EXISTS (" + ledgerHas(object, sha256) + ")");
        sql.add("DROP TABLE " + STAGE);
        return sql;
    }
}
