package io.tributary.warehouse;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object staged in S3 for a warehouse: a clean file's rows (CSV with a header, the staging
 * table's columns) or a change-stream archive object (gzip JSON Lines of {@code changes-as-rows}
 * changes).
 *
 * @param uri    its {@code s3://} URI (what the ledger and the errors name, and Redshift's COPY reads)
 * @param sha256 its content's SHA-256: the ledger's record of what was loaded
 * @param bytes  its bytes as they are in S3, read from a local copy where there is one
 * @param size   how many bytes they are, -1 when not known
 */
public record Staged(String uri, String sha256, Format format, Bytes bytes, long size) {

    /** An object of a size not known. */
    public Staged(String uri, String sha256, Format format, Bytes bytes) {
        this(uri, sha256, format, bytes, -1);
    }

    /** The same object, its bytes read through {@code read} (e.g. counted). */
    public Staged reading(Bytes read) {
        return new Staged(uri, sha256, format, read, size);
    }

    public enum Format {
        /** RFC 4180 CSV with a header, null as an empty unquoted field. */
        CSV,
        /** gzip JSON Lines, one change per line. */
        CHANGES
    }

    /** Opens the object's bytes (each call from the start). */
    @FunctionalInterface
    public interface Bytes {
        InputStream open() throws IOException;
    }
}
