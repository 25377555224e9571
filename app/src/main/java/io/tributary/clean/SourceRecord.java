package io.tributary.clean;

import java.util.List;

/**
 * One record as a reader found it: its first line number in the raw file, its part (0, or 1..n
 * for the rows an unnested JSON array makes of one record) and its fields as text; or, when the
 * reader could not make fields of it, the reason and, where known, the record's raw text.
 */
public record SourceRecord(long line, int part, List<String> fields, String error, String raw) {

    public static SourceRecord of(long line, List<String> fields) {
        return new SourceRecord(line, 0, fields, null, null);
    }

    public static SourceRecord of(long line, int part, List<String> fields) {
        return new SourceRecord(line, part, fields, null, null);
    }

    public static SourceRecord broken(long line, String error, String raw) {
        return new SourceRecord(line, 0, List.of(), error, raw);
    }
}
