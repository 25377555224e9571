package io.tributary.clean;

import io.tributary.clean.DatasetSpec.Column;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The column conversion rules: a field's text becomes its column's value. In order: the format's
 * null tokens are missing; {@code trim}; the {@link TextRule}s ({@code case}, {@code pattern});
 * the type; {@code required}. Readers apply it to the records they read, on their own thread
 * ({@link FieldConversion}), and may give a field as bytes ({@link #convertAscii}).
 *
 * <p>The fast path (a field whose ends are printable ASCII goes straight to its parser, from its
 * text or its bytes) is decided in one place, {@link #fastPath}: a column takes it only when no
 * text rule applies to it. A text rule added to {@link TextRule} is therefore never skipped.
 */
final class ColumnConversion implements FieldConversion {
    public static final String MALFORMED = "malformed";
    public static final String COLUMN_COUNT = "column_count";
    public static final String TYPE = "type";
    public static final String REQUIRED = "required";
    public static final String PATTERN = "pattern";

    /**
     * The rules that look at a field's text after trimming and before its type. A column to which
     * one applies never takes the fast path.
     */
    enum TextRule {
        CASE {
            @Override
            boolean appliesTo(Column c) {
                return c.textCase() != DatasetSpec.TextCase.AS_IS;
            }

            @Override
            String apply(Column c, String column, String text) {
                return c.textCase() == DatasetSpec.TextCase.LOWER ? text.toLowerCase(Locale.ROOT)
                        : text.toUpperCase(Locale.ROOT);
            }
        },
        REMOVE {
            @Override
            boolean appliesTo(Column c) {
                return !c.remove().isEmpty();
            }

            @Override
            String apply(Column c, String column, String text) {
                StringBuilder kept = new StringBuilder(text.length());
                text.codePoints().filter(ch -> c.remove().indexOf(ch) < 0).forEach(kept::appendCodePoint);
                return kept.length() == text.length() ? text : kept.toString();
            }
        },
        PATTERN {
            @Override
            boolean appliesTo(Column c) {
                return c.pattern() != null;
            }

            @Override
            String apply(Column c, String column, String text) {
                if (!c.pattern().matcher(text).matches()) {
                    throw new PatternMismatch("column " + column + ": '" + text + "' does not match the pattern "
                            + c.pattern().pattern());
                }
                return text;
            }
        };

        abstract boolean appliesTo(Column c);

        /** The text after this rule, or a {@link ValueException} rejecting the row. */
        abstract String apply(Column c, String column, String text);
    }

    private final HeaderBinding binding;
    private final int inputCount;
    private final Column[] rules;
    private final ValueParser[] parsers;
    /** Per input column, the text rules that apply to it; empty: the column may take the fast path. */
    private final TextRule[][] textRules;
    /** The format's null tokens by their length. */
    private final String[][] nullTokens;
    /** Whether a null token with white space around it still means missing ({@code format.trim_null_values}). */
    private final boolean trimNullValues;
    /** False: every field goes the whole way, as the reference the fast path is tested against. */
    private final boolean fastPathOn;

    ColumnConversion(HeaderBinding binding, boolean fastPathOn) {
        this.fastPathOn = fastPathOn;
        this.binding = binding;
        this.inputCount = binding.inputCount;
        this.rules = binding.rules;
        DatasetSpec spec = binding.spec;
        parsers = new ValueParser[inputCount];
        textRules = new TextRule[inputCount][];
        for (int i = 0; i < inputCount; i++) {
            Column rule = rules[i];
            parsers[i] = new ValueParser(rule.type(), rule.formats(), rule.timezone());
            textRules[i] = java.util.Arrays.stream(TextRule.values()).filter(r -> r.appliesTo(rule))
                    .toArray(TextRule[]::new);
        }
        trimNullValues = spec.format().trimNullValues();
        Set<String> tokens = new HashSet<>(spec.format().nullValues());
        nullTokens = new String[tokens.stream().mapToInt(String::length).max().orElse(-1) + 1][];
        for (int n = 0; n < nullTokens.length; n++) {
            int length = n;
            nullTokens[n] = tokens.stream().filter(t -> t.length() == length).toArray(String[]::new);
        }
    }

    /**
     * Whether a field of column {@code i} that is not a null token and whose first and last
     * characters are these goes straight to its parser: with printable ASCII at both ends, trimming
     * leaves it as it is, and no text rule applies to the column. The one place that decides it.
     */
    private boolean fastPath(int i, int first, int last) {
        return fastPathOn && textRules[i].length == 0 && printableAscii(first) && printableAscii(last);
    }

    private static boolean printableAscii(int c) {
        return c > ' ' && c < 0x7F;
    }

    /** A field's value, or why its row is rejected ({@code pattern}, {@code type} or {@code required}). */
    @Override
    public Object convert(int i, String text) {
        Object v;
        try {
            v = value(i, text);
        } catch (PatternMismatch e) {
            return new Rejected(PATTERN, e.getMessage());
        } catch (ValueException e) {
            return new Rejected(TYPE, e.getMessage());
        }
        if (v == null && rules[i].required()) {
            return new Rejected(REQUIRED, "column " + binding.columns.get(i) + " is missing");
        }
        return v;
    }

    /** A plain number given as its bytes, where the fast path allows it; else NEEDS_TEXT. */
    @Override
    public Object convertAscii(int i, byte[] b, int from, int length) {
        if (length == 0 || !fastPath(i, b[from], b[from + length - 1]) || isNullToken(b, from, length)) {
            return NEEDS_TEXT;
        }
        Object v = parsers[i].plainNumber(b, from, length);
        return v != null ? v : NEEDS_TEXT;
    }

    /** A field's value: missing, or trimmed, through the text rules, and converted. */
    private Object value(int i, String text) {
        if (text == null || isNullToken(text)) {
            return null;
        }
        int n = text.length();
        if (n > 0 && fastPath(i, text.charAt(0), text.charAt(n - 1))) {
            return parse(i, text);
        }
        Column c = rules[i];
        String t = text;
        if (c.trim() || (!t.isEmpty() && (Character.isWhitespace(t.charAt(0))
                || Character.isWhitespace(t.charAt(t.length() - 1))))) {
            String trimmed = t.trim();
            if (trimNullValues && isNullToken(trimmed)) {
                return null;
            }
            if (c.trim()) {
                t = trimmed;
            }
        }
        for (TextRule rule : textRules[i]) {
            t = rule.apply(c, binding.columns.get(i), t);
        }
        return parse(i, t);
    }

    private Object parse(int i, String text) {
        try {
            return parsers[i].parse(text);
        } catch (ValueException e) {
            throw new ValueException("column " + binding.columns.get(i) + ": " + e.getMessage());
        }
    }

    /** Whether a text is one of the format's null tokens (a few short texts: compared, not hashed). */
    private boolean isNullToken(String text) {
        int n = text.length();
        if (n >= nullTokens.length) {
            return false;
        }
        for (String token : nullTokens[n]) {
            if (token.equals(text)) {
                return true;
            }
        }
        return false;
    }

    private boolean isNullToken(byte[] b, int from, int length) {
        if (length >= nullTokens.length) {
            return false;
        }
        for (String token : nullTokens[length]) {
            boolean same = true;
            for (int k = 0; k < length && same; k++) {
                same = token.charAt(k) == b[from + k];
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /**
     * A record's fields converted to its columns' values, into {@code st.row[0, inputCount)}:
     * KEEP, or REJECT with the rule and reason. Readers convert the records they can on their own
     * thread; this converts the rest, to say why.
     */
    int convert(SourceRecord record, RowState st) {
        if (record.error() != null) {
            return st.fail(MALFORMED, record.error());
        }
        Object[] row = st.row;
        if (record.values() != null) {
            // the reader converted every field with this conversion
            System.arraycopy(record.values(), 0, row, 0, inputCount);
            return RowState.KEEP;
        }
        List<String> fields = record.fields();
        if (fields.size() != inputCount) {
            boolean multiLine = fields.stream().anyMatch(f -> f != null && f.indexOf('\n') >= 0);
            return st.fail(COLUMN_COUNT, "expected " + inputCount + " fields, found " + fields.size()
                    + (multiLine ? " (a quoted field spans lines: is a quote left open?)" : ""));
        }
        for (int i = 0; i < inputCount; i++) {
            Object v = convert(i, fields.get(i));
            if (v instanceof Rejected r) {
                return st.fail(r.rule(), r.reason());
            }
            row[i] = v;
        }
        return RowState.KEEP;
    }

    /** A value that does not match its column's pattern (rejected as {@code pattern}, not {@code type}). */
    private static final class PatternMismatch extends ValueException {
        PatternMismatch(String message) {
            super(message);
        }
    }
}
