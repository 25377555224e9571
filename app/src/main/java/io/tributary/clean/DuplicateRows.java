package io.tributary.clean;

import io.tributary.clean.DatasetSpec.DuplicateMode;

/**
 * {@code duplicates}: a row equal to an earlier one (every file column, after types, fills and
 * outliers), or with the same key columns, is dropped ({@code duplicate}); with {@code keep:
 * last}, a pass of its own first finds the last row of each key, and that one stays. Only hashes of
 * keys are held ({@link DuplicateIndex}).
 */
final class DuplicateRows implements RowRule {
    static final String DUPLICATE = "duplicate";

    private final int[] keyColumns;
    private final boolean keepLast;
    private final RowHash hash = new RowHash();
    private DuplicateIndex lastRows;
    private DuplicateIndex seen;
    private Pass pass;

    /** The spec's duplicate rule on the binding's columns, or null for {@code duplicates: none}. */
    static DuplicateRows of(HeaderBinding binding) {
        DatasetSpec.Duplicates duplicates = binding.spec.duplicates();
        if (duplicates.mode() == DuplicateMode.NONE) {
            return null;
        }
        int[] keys = duplicates.mode() == DuplicateMode.KEY
                ? binding.positions(duplicates.columns(), "duplicates.columns")
                : java.util.stream.IntStream.range(0, binding.inputCount).toArray();
        return new DuplicateRows(keys, duplicates.keepLast());
    }

    private DuplicateRows(int[] keyColumns, boolean keepLast) {
        this.keyColumns = keyColumns;
        this.keepLast = keepLast;
    }

    /** Whether the last row of each key must be found in a pass before the clean one. */
    boolean needsLastRowsPass() {
        return keepLast;
    }

    @Override
    public void startPass(Pass pass) {
        this.pass = pass;
        if (pass == Pass.FIND_LAST_ROWS) {
            lastRows = new DuplicateIndex(true);
        } else if (!keepLast) {
            seen = new DuplicateIndex();
        }
    }

    @Override
    public int apply(RowState st) {
        hash.reset();
        for (int k : keyColumns) {
            hash.add(st.row[k]);
        }
        hash.finish();
        if (pass == Pass.FIND_LAST_ROWS) {
            lastRows.put(hash, st.position);
            return RowState.KEEP;
        }
        boolean first = keepLast ? lastRows.position(hash) == st.position : seen.add(hash);
        return first ? RowState.KEEP : st.fail(DUPLICATE, null);
    }
}
