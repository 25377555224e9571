package io.tributary.clean;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rows.drop_when} and {@code rows.keep_when}: a row for which a drop rule's expression is
 * true, or a keep rule's is false, is dropped under the rule's name. An expression that fails on a
 * row rejects it ({@code expression}).
 */
final class RowPredicates implements RowRule {
    static final String EXPRESSION = "expression";

    private final List<Map.Entry<String, RowExpression>> drop = new ArrayList<>();
    private final List<Map.Entry<String, RowExpression>> keep = new ArrayList<>();

    /** The spec's row rules compiled against the binding's columns so far, or null when it has none. */
    static RowPredicates of(HeaderBinding binding) {
        DatasetSpec.Rows rows = binding.spec.rows();
        return rows.dropWhen().isEmpty() && rows.keepWhen().isEmpty() ? null : new RowPredicates(binding, rows);
    }

    private RowPredicates(HeaderBinding binding, DatasetSpec.Rows rows) {
        rows.dropWhen().forEach((name, expr) -> drop.add(Map.entry(name, RowExpression.compile(
                binding.where + ": rows.drop_when." + name, expr, binding.index))));
        rows.keepWhen().forEach((name, expr) -> keep.add(Map.entry(name, RowExpression.compile(
                binding.where + ": rows.keep_when." + name, expr, binding.index))));
    }

    @Override
    public int apply(RowState st) {
        try {
            for (Map.Entry<String, RowExpression> rule : drop) {
                if (rule.getValue().test(st.row, st)) {
                    return st.fail(rule.getKey(), null);
                }
            }
            for (Map.Entry<String, RowExpression> rule : keep) {
                if (!rule.getValue().test(st.row, st)) {
                    return st.fail(rule.getKey(), null);
                }
            }
        } catch (ValueException e) {
            return st.fail(EXPRESSION, e.getMessage());
        }
        return RowState.KEEP;
    }
}
