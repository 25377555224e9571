package io.tributary.clean;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * How a cleaning pass turns one column's field text into its value: null tokens, trim, case,
 * pattern, type and {@code required}. A conversion is a pure function of the column and the text
 * (the same text always gives the same value or the same rejection), so a reader may convert the
 * fields it reads itself and remember the value of a text that repeats in a column instead of
 * making a string of it again ({@link SourceRecord#values()}).
 */
@FunctionalInterface
public interface FieldConversion {

    /**
     * The value of a field of the column at this position: null when it is missing, a
     * {@link Rejected} when it does not convert (or is missing and required).
     */
    Object convert(int column, String text);

    /** What {@link #convertAscii} gives when it cannot convert a field without its text. */
    Object NEEDS_TEXT = new Object();

    /**
     * The value of an ASCII field given as its bytes, when the conversion can make it without
     * making text of it first (a plain number in a numeric column, say): exactly what
     * {@link #convert} would give. {@link #NEEDS_TEXT} otherwise.
     */
    default Object convertAscii(int column, byte[] bytes, int from, int length) {
        return NEEDS_TEXT;
    }

    /**
     * A text record with its fields converted, when it has {@code width} fields and every field
     * the pass reads converts (the others stay null); otherwise the record as it is, for the
     * cleaner to find why.
     */
    static SourceRecord convertAll(FieldConversion conversion, SourceRecord record, int width, IntPredicate read) {
        List<String> fields = record.fields();
        if (record.error() != null || record.values() != null || fields.size() != width) {
            return record;
        }
        Object[] values = new Object[width];
        for (int i = 0; i < width; i++) {
            Object v = read.test(i) ? conversion.convert(i, fields.get(i)) : null;
            if (v instanceof Rejected) {
                return record;
            }
            values[i] = v;
        }
        return SourceRecord.converted(record.line(), record.part(), values, fields, record.rawOnDemand());
    }

    /** Why a field's row is rejected: the rule's name and the reason the rejected-rows file gives. */
    record Rejected(String rule, String reason) {
    }
}
