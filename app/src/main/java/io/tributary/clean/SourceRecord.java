package io.tributary.clean;

import java.util.List;

/**
 * One record as a reader found it: its first line number in the raw file and its fields as text,
 * or, when the reader could not make fields of it, the reason.
 */
public record SourceRecord(long line, List<String> fields, String error) {

    public static SourceRecord of(long line, List<String> fields) {
        return new SourceRecord(line, fields, null);
    }

    public static SourceRecord broken(long line, String error) {
        return new SourceRecord(line, List.of(), error);
    }
}
