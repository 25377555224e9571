package io.tributary.clean;

import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.introspection.JexlPermissions;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An expression from a dataset spec (a drop rule or a derived column), compiled once.
 *
 * <p>The language is Apache Commons JEXL: Java-like syntax data engineers can read
 * ({@code adults + (children ?? 0)}, {@code a == 0 && b == 0}), a tiny dependency, and an engine
 * that can be locked down. Here it is locked down to expressions only (no loops, assignments,
 * {@code new}, lambdas or side effects), strict about unknown names and null arithmetic, and the
 * only callable functions are those of {@link RowFunctions}.
 *
 * <p>Every function is pure, so a result depends only on the values of the columns the expression
 * reads. Those value combinations repeat a lot in real data (a date from year, month and day; a
 * predicate over three small counts), so up to {@value #MEMO_LIMIT} results are remembered per
 * expression, and the memo turns itself off when the combinations do not repeat.
 */
public final class RowExpression {

    private static final JexlFeatures FEATURES = new JexlFeatures()
            .loops(false).sideEffect(false).sideEffectGlobal(false).newInstance(false)
            .lambda(false).structuredLiteral(true).annotation(false).pragma(false).script(false)
            .importPragma(false).namespacePragma(false).register(false).comparatorNames(true);

    private static final JexlEngine ENGINE;

    static {
        Map<String, Object> namespaces = new HashMap<>();
        namespaces.put(null, new RowFunctions());
        ENGINE = new JexlBuilder()
                .features(FEATURES)
                .permissions(new JexlPermissions.ClassPermissions(RowFunctions.class))
                .namespaces(namespaces)
                .strict(true)
                .safe(false)
                .silent(false)
                .cache(64)
                .create();
    }

    static final int MEMO_LIMIT = 4096;
    private static final Object NULL = new Object();

    private final String where;
    private final String text;
    private final JexlScript script;
    private final int[] reads;
    /** Remembered results: open addressing, the key being the values of the columns read, in order. */
    private Object[][] memo = new Object[2 * MEMO_LIMIT][];
    private final int[] memoHashes = new int[2 * MEMO_LIMIT];
    private final Object[] memoResults = new Object[2 * MEMO_LIMIT];
    private int memoSize;
    private long lookups;
    private long hits;

    private RowExpression(String where, String text, JexlScript script, int[] reads) {
        this.where = where;
        this.text = text;
        this.script = script;
        this.reads = reads;
    }

    /** Checks that an expression parses (the columns it reads are known only with a file); what is wrong, or null. */
    public static String syntaxError(String text) {
        try {
            ENGINE.createScript(text);
            return null;
        } catch (JexlException e) {
            return "cannot parse '" + text + "': " + cleanMessage(e);
        }
    }

    /**
     * Compiles an expression and checks that every name it reads is a known column.
     *
     * @param where the spec key it comes from, for messages (e.g. {@code derive.total_guests})
     */
    public static RowExpression compile(String where, String text, Map<String, Integer> columns) {
        JexlScript script;
        try {
            script = ENGINE.createScript(text);
        } catch (JexlException e) {
            throw new SpecException(where + ": cannot parse '" + text + "': " + cleanMessage(e));
        }
        LinkedHashSet<Integer> reads = new LinkedHashSet<>();
        for (List<String> variable : script.getVariables()) {
            String name = variable.get(0);
            Integer index = columns.get(name);
            if (index == null) {
                throw new SpecException(where + ": '" + text + "' reads '" + name
                        + "', which is not a column here (columns: " + String.join(", ", columns.keySet()) + ")");
            }
            reads.add(index);
        }
        return new RowExpression(where, text, script, reads.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Evaluates against a row (its values, and the context that names them); a failure is a
     * {@link ValueException} naming the expression.
     */
    public Object evaluate(Object[] values, JexlContext row) {
        if (memo == null) {
            return execute(row);
        }
        int h = 1;
        for (int r : reads) {
            Object v = values[r];
            h = 31 * h + (v == null ? 0 : v.hashCode());
        }
        lookups++;
        int mask = memo.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        while (memo[slot] != null) {
            if (memoHashes[slot] == h && sameReads(memo[slot], values)) {
                hits++;
                Object known = memoResults[slot];
                return known == NULL ? null : known;
            }
            slot = (slot + 1) & mask;
        }
        Object result = execute(row);
        if (memoSize < MEMO_LIMIT) {
            Object[] key = new Object[reads.length];
            for (int i = 0; i < reads.length; i++) {
                key[i] = values[reads[i]];
            }
            memo[slot] = key;
            memoHashes[slot] = h;
            memoResults[slot] = result == null ? NULL : result;
            memoSize++;
        } else if (hits * 2 < lookups) {
            memo = null; // the combinations do not repeat: remembering costs more than it saves
        }
        return result;
    }

    /** Whether a remembered combination holds the values this row has in the columns the expression reads. */
    private boolean sameReads(Object[] key, Object[] values) {
        for (int i = 0; i < reads.length; i++) {
            Object a = key[i];
            Object b = values[reads[i]];
            if (a != b && (a == null || !a.equals(b))) {
                return false;
            }
        }
        return true;
    }

    private Object execute(JexlContext row) {
        try {
            return script.execute(row);
        } catch (ValueException e) {
            throw new ValueException(where + ": " + e.getMessage());
        } catch (JexlException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ValueException ve) {
                throw new ValueException(where + ": " + ve.getMessage());
            }
            throw new ValueException(where + ": '" + text + "' failed: " + cleanMessage(e));
        } catch (ArithmeticException e) {
            throw new ValueException(where + ": '" + text + "' failed: " + e.getMessage());
        }
    }

    /** Evaluates a predicate; anything but {@code true} or {@code false} is an error. */
    public boolean test(Object[] values, JexlContext row) {
        Object result = evaluate(values, row);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new ValueException(where + ": '" + text + "' gave " + result + ", not true or false");
    }

    @Override
    public String toString() {
        return text;
    }

    private static String cleanMessage(JexlException e) {
        String message = e.getMessage();
        // JEXL prefixes messages with the Java location of the failure; the user needs the rest.
        int at = message.indexOf(' ');
        return at > 0 && message.substring(0, at).contains("@") ? message.substring(at + 1) : message;
    }
}
