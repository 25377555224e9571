package io.tributary.sinks;

import io.tributary.clean.DatasetSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where sinks publish: the bucket and the dataset tables (S3 and DynamoDB, or their local stand-ins). */
public interface Target {

    /** Uploads a local file to a key of the bucket; its {@code s3://} URI. */
    String upload(String key, Path file, String contentType) throws IOException;

    /**
     * Loads a file of items (JSON Lines) into a dataset's table, creating it first when an
     * inferred spec's table does not exist yet.
     *
     * @return the items the table holds from the file, and how to describe the load
     */
    Loaded load(DatasetSpec spec, Path items, List<String> keyColumns) throws IOException;

    record Loaded(long items, String detail) {
    }
}
