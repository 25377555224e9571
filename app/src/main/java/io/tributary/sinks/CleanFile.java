package io.tributary.sinks;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The file whose clean rows the sinks write: its dataset, its name without extension
 * ({@code stem}), the raw object and version it was cleaned from, when, and the local folder the
 * sinks write into.
 *
 * @param version a short id of the raw object's version (from its ETag): names that carry it are
 *                replaced, not added to, when the same version is cleaned again
 */
public record CleanFile(String dataset, String stem, String rawKey, String version, Instant cleanedAt, Path folder,
                        Layout layout) {

    /** Where the sinks' objects go in the bucket, and how much memory Parquet may buffer. */
    public record Layout(String cleanPrefix, String curatedPrefix, String catalogPrefix, String stagingPrefix,
                         long parquetMemoryBytes) {
        /** With the default staging prefix for warehouse loads ({@code staging/}). */
        public Layout(String cleanPrefix, String curatedPrefix, String catalogPrefix, long parquetMemoryBytes) {
            this(cleanPrefix, curatedPrefix, catalogPrefix, "staging/", parquetMemoryBytes);
        }
    }

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * A file cleaned outside the flow (try, spec tests, benchmarks): into a local folder only, its
     * raw key as the flow would name it, version {@code local}, the default Parquet memory.
     */
    public static CleanFile local(String dataset, String stem, String fileName, Path folder) {
        return new CleanFile(dataset, stem, "raw/" + dataset + "/" + fileName, "local", Instant.now(), folder,
                new Layout("clean/", "curated/", "catalog/", 48L << 20));
    }

    /** The first 8 hex digits of an ETag (quotes and a multipart suffix left out); {@code local} without one. */
    public static String versionOf(String etag) {
        if (etag == null) {
            return "local";
        }
        String hex = etag.replace("\"", "").replaceAll("[^0-9a-fA-F].*$", "").toLowerCase(Locale.ROOT);
        return hex.isEmpty() ? "local" : hex.substring(0, Math.min(8, hex.length()));
    }

    /** The clean time as a name may hold it: {@code 20261203T193045Z}. */
    public String cleanedAtCompact() {
        return COMPACT.format(cleanedAt);
    }
}
