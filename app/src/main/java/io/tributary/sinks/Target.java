package io.tributary.sinks;

import io.tributary.clean.DatasetSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where sinks publish: the bucket and the dataset tables (S3 and DynamoDB, or their local stand-ins). */
public interface Target {

    /** Uploads a local file to a key of the bucket, as an output of this raw file (its lineage); its {@code s3://} URI. */
    String upload(String key, Path file, String contentType) throws IOException;

    /** The {@code s3://} URI of a key of the bucket. */
    String uri(String key);

    /** The text of an object of the bucket; empty when there is none. */
    java.util.Optional<String> readText(String key) throws IOException;

    /**
     * Writes an object the dataset's files share (the lake's table definition): not an output of
     * this raw file, so no later clean of it deletes it.
     */
    String putShared(String key, String text, String contentType) throws IOException;

    /**
     * Registers a lake table in the data catalog the deployment has (AWS Glue), with the
     * partitions this clean wrote; nothing where there is none (local mode).
     *
     * @param changed whether the table's definition is new or changed
     * @param partitions each partition's values in the table's partition column order, and its folder's URI
     */
    default void registerTable(io.tributary.catalog.LakeTable table, boolean changed,
                               List<Map.Entry<List<String>, String>> partitions) throws IOException {
    }

    /**
     * Loads a file of items (JSON Lines) into a dataset's table, creating it first when an
     * inferred spec's table does not exist yet.
     *
     * @return the items the table holds from the file, and how to describe the load
     */
    Loaded load(DatasetSpec spec, Path items, List<String> keyColumns) throws IOException;

    record Loaded(long items, String detail) {
    }

    /** Whether a warehouse is configured to load (Redshift, a PostgreSQL by URL, or local mode's). */
    default boolean hasWarehouse() {
        return false;
    }

    /** The warehouse schema the dataset tables are in ({@code tributary.warehouse.schema}). */
    default String warehouseSchema() {
        return "public";
    }

    /** Loads a staged object into a warehouse table (once: a replay of the same content does nothing). */
    default io.tributary.warehouse.Warehouse.Loaded loadWarehouse(io.tributary.warehouse.WarehouseTable table,
                                                                  io.tributary.warehouse.Staged staged)
            throws IOException {
        throw new IOException("no warehouse here to load " + staged.uri() + " into " + table.name());
    }
}
