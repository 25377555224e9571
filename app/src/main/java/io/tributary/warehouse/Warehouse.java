package io.tributary.warehouse;

/**
 * Where staged objects are loaded: PostgreSQL (the local one, or any by JDBC URL) or Amazon
 * Redshift (through the Redshift Data API). A flow does not know which: it gives a table and a
 * staged object, and the object is loaded once ({@link LoadStatements}), or fails naming the
 * object, the row and the reason, with the table as it was.
 */
public interface Warehouse {

    /** What one load did: the rows staged, and whether the ledger had the object already (nothing done). */
    record Loaded(long rows, boolean before) {
        public String describe() {
            return before ? "loaded before: nothing done" : rows + " rows";
        }
    }

    Loaded load(WarehouseTable table, Staged staged) throws WarehouseException;

    /** Whether a load sends the staged bytes from here (PostgreSQL's COPY FROM STDIN) rather than the warehouse reading S3. */
    default boolean sendsBytes() {
        return false;
    }

    /** Where it is, for logs and the banner ({@code postgresql://127.0.0.1:4571/postgres}, {@code redshift workgroup x}). */
    String describe();
}
