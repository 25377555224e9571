package io.tributary.clean;

import java.util.List;
import java.util.function.Supplier;

/**
 * One record as a reader found it: its first line number in the raw file, its part (0, or 1..n
 * for the rows an unnested JSON array makes of one record) and its fields as text; or, when the
 * reader could not make fields of it, the reason and, where known, the record's raw text; or,
 * when the pass asked the reader to convert fields ({@link RowSource.Opener#open(java.util.Set,
 * FieldConversion)}) and every field converted, the values instead of the text (then
 * {@code fields} may be null, and {@code rawOnDemand} makes the raw text should the row be rejected
 * after all). A reader gives a record that does not convert (a wrong field count, a value that is
 * rejected) as text, for the cleaner to find why.
 */
public record SourceRecord(long line, int part, List<String> fields, String error, String raw, Object[] values,
                           Supplier<String> rawOnDemand) {

    public SourceRecord(long line, int part, List<String> fields, String error, String raw) {
        this(line, part, fields, error, raw, null, null);
    }

    /** The record's raw text where the reader knows it: as read, or made now from what the reader kept; else null. */
    public String rawText() {
        return raw != null ? raw : rawOnDemand != null ? rawOnDemand.get() : null;
    }

    public static SourceRecord of(long line, List<String> fields) {
        return new SourceRecord(line, 0, fields, null, null);
    }

    public static SourceRecord of(long line, int part, List<String> fields) {
        return new SourceRecord(line, part, fields, null, null);
    }

    public static SourceRecord broken(long line, String error, String raw) {
        return new SourceRecord(line, 0, List.of(), error, raw);
    }

    /**
     * A record whose fields all converted: one value per column (null for missing, or for a column
     * the pass does not read), and its fields as text, or (fields null) how to make its raw text.
     */
    public static SourceRecord converted(long line, int part, Object[] values, List<String> fields,
                                         Supplier<String> raw) {
        return new SourceRecord(line, part, fields, null, null, values, raw);
    }
}
