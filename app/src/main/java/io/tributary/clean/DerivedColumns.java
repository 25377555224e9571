package io.tributary.clean;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code derive}: columns computed from the row, each with the type its result is stored as (else
 * numbers, booleans, dates and text keep their kind). A derived column may read the columns derived
 * before it. An expression that fails on a row rejects it ({@code expression}).
 */
final class DerivedColumns implements RowRule {
    private final List<RowExpression> expressions = new ArrayList<>();
    private final List<ColumnType> types = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final int start;

    /** The spec's derived columns, added to the binding, or null when it has none. */
    static DerivedColumns of(HeaderBinding binding) {
        return binding.spec.derive().isEmpty() ? null : new DerivedColumns(binding);
    }

    private DerivedColumns(HeaderBinding binding) {
        start = binding.columns.size();
        for (Map.Entry<String, DatasetSpec.Derived> d : binding.spec.derive().entrySet()) {
            // compiled before it is added: it reads the columns before it, not itself
            expressions.add(RowExpression.compile(binding.where + ": derive." + d.getKey(), d.getValue().expression(),
                    binding.index));
            types.add(d.getValue().type());
            names.add(d.getKey());
            binding.add(d.getKey(), d.getValue().type() == null ? ColumnType.STRING : d.getValue().type(), "derived",
                    "derive." + d.getKey());
        }
    }

    @Override
    public int apply(RowState st) {
        Object[] row = st.row;
        try {
            for (int d = 0; d < expressions.size(); d++) {
                row[start + d] = coerce(expressions.get(d).evaluate(row, st), types.get(d), names.get(d));
            }
        } catch (ValueException e) {
            return st.fail(RowPredicates.EXPRESSION, e.getMessage());
        }
        return RowState.KEEP;
    }

    private static Object coerce(Object value, ColumnType type, String column) {
        if (value == null) {
            return null;
        }
        if (type == null) {
            // no declared type: keep numbers, booleans, dates and text as they are
            if (value instanceof Integer || value instanceof Long || value instanceof Double
                    || value instanceof BigDecimal || value instanceof Boolean || value instanceof LocalDate
                    || value instanceof Instant || value instanceof String) {
                return value;
            }
            if (value instanceof Number n) {
                return n.longValue();
            }
            return value.toString();
        }
        if (type.holds(value)) {
            return value;
        }
        if (type == ColumnType.STRING) {
            return value.toString();
        }
        try {
            return ValueParser.of(type).parse(value.toString());
        } catch (ValueException e) {
            throw new ValueException("derive." + column + ": " + e.getMessage());
        }
    }
}
