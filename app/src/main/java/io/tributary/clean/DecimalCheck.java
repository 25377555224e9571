package io.tributary.clean;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Decimal values that do not fit their column's precision and scale ({@code decimal(10,2)}) are
 * rejected, with the value and the shape, rather than rounded or cut: a clean value is never
 * quietly another number. Declared shapes hold for every output; a plain {@code decimal} is held
 * to {@link DatasetSpec.Decimal#DEFAULT} where a sink stores a fixed shape (Parquet).
 */
public final class DecimalCheck implements OutputCheck {

    public static final String RULE = "decimal";

    private final Function<String, DatasetSpec.Decimal> shapes;
    private int[] columns;
    private String[] names;
    private DatasetSpec.Decimal[] checked;

    /** @param shapes the shape a decimal output column must fit, by output name (null: any) */
    public DecimalCheck(Function<String, DatasetSpec.Decimal> shapes) {
        this.shapes = shapes;
    }

    @Override
    public void start(List<String> outputColumns, List<ColumnType> types) {
        int n = 0;
        for (int c = 0; c < outputColumns.size(); c++) {
            if (types.get(c) == ColumnType.DECIMAL && shapes.apply(outputColumns.get(c)) != null) {
                n++;
            }
        }
        columns = new int[n];
        names = new String[n];
        checked = new DatasetSpec.Decimal[n];
        n = 0;
        for (int c = 0; c < outputColumns.size(); c++) {
            DatasetSpec.Decimal shape = types.get(c) == ColumnType.DECIMAL ? shapes.apply(outputColumns.get(c)) : null;
            if (shape != null) {
                columns[n] = c;
                names[n] = outputColumns.get(c);
                checked[n++] = shape;
            }
        }
    }

    @Override
    public Refusal refusal(long line, Object[] row) {
        for (int i = 0; i < columns.length; i++) {
            if (row[columns[i]] instanceof BigDecimal value) {
                String why = misfit(value, checked[i]);
                if (why != null) {
                    return new Refusal(RULE, String.format(Locale.ROOT, "%s: %s; the column is %s", names[i], why,
                            checked[i]));
                }
            }
        }
        return null;
    }

    /** Why a value does not fit a shape, or null when it does. */
    static String misfit(BigDecimal value, DatasetSpec.Decimal shape) {
        BigDecimal v = value.scale() > shape.scale() ? value.stripTrailingZeros() : value;
        int scale = Math.max(v.scale(), 0);
        if (scale > shape.scale()) {
            return String.format(Locale.ROOT, "'%s' has %d digits after the point", value.toPlainString(), scale);
        }
        int integerDigits = v.precision() - v.scale();
        if (integerDigits > shape.precision() - shape.scale()) {
            return String.format(Locale.ROOT, "'%s' has %d digits before the point", value.toPlainString(),
                    integerDigits);
        }
        return null;
    }
}
