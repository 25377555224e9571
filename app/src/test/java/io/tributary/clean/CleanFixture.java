package io.tributary.clean;

import io.tributary.format.CsvRowWriter;
import io.tributary.format.InputOpener;
import io.tributary.format.JsonLinesRowWriter;
import io.tributary.format.RowSinks;
import io.tributary.format.RowSources;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs the cleaner on in-memory text with a spec, collecting what it writes and rejects. */
final class CleanFixture {

    private CleanFixture() {
    }

    static DatasetSpec spec(String yaml) {
        return DatasetSpec.parse(yaml, "test.yaml", "tributary-");
    }

    /** What the cleaner gave, and the clean CSV and JSON Lines the writers made of it. */
    record Result(CleanReport report, List<String> columns, List<Object[]> rows, List<long[]> positions,
                  List<RejectedRow> rejected, String csv, String jsonl) {
        CleanSummary summary() {
            return report.summary();
        }

        /** The values of one output column, in row order. */
        List<Object> column(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new AssertionError("no column " + name + " in " + columns);
            }
            List<Object> values = new ArrayList<>();
            for (Object[] row : rows) {
                values.add(row[i]);
            }
            return values;
        }

        CleanReport.ColumnReport columnReport(String name) {
            return report.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        }
    }

    static Result clean(String specYaml, String data) throws IOException {
        return clean(spec(specYaml), data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Cleans the data both ways a field can be converted: by the reader, which takes the fast path
     * (a plain number from its bytes, a field with no text rule straight to its parser) where
     * {@link ColumnConversion} allows it, and by the cleaner from every field's text through every
     * step, with no fast path. The two must agree in every row, rejection and report: a rule the
     * fast path skipped would show here.
     */
    static Result clean(DatasetSpec spec, byte[] data) throws IOException {
        Result fast = clean(spec, data, true);
        assertSame(fast, clean(spec, data, false));
        return fast;
    }

    private static void assertSame(Result fast, Result text) {
        String where = " differs between the reader's conversion (fast path) and the cleaner's (text)";
        if (!fast.columns().equals(text.columns()) || fast.rows().size() != text.rows().size()) {
            throw new AssertionError("the output" + where + ": " + fast.columns() + " " + fast.rows().size()
                    + " rows, " + text.columns() + " " + text.rows().size() + " rows");
        }
        for (int r = 0; r < fast.rows().size(); r++) {
            if (!java.util.Arrays.deepEquals(fast.rows().get(r), text.rows().get(r))) {
                throw new AssertionError("row " + r + where + ": " + java.util.Arrays.toString(fast.rows().get(r))
                        + " vs " + java.util.Arrays.toString(text.rows().get(r)));
            }
        }
        if (!fast.rejected().equals(text.rejected())) {
            throw new AssertionError("the rejected rows" + where + ": " + fast.rejected() + " vs " + text.rejected());
        }
        if (!fast.report().equals(text.report())) {
            throw new AssertionError("the report" + where + ": " + fast.report() + " vs " + text.report());
        }
        if (!fast.csv().equals(text.csv()) || !fast.jsonl().equals(text.jsonl())) {
            throw new AssertionError("the written files" + where);
        }
    }

    /**
     * @param readerConverts whether the reader converts fields itself, taking the fast path (as in
     *                       production), or gives every record as text for the cleaner to convert
     *                       through every step
     */
    static Result clean(DatasetSpec spec, byte[] data, boolean readerConverts) throws IOException {
        return clean(spec, () -> new ByteArrayInputStream(data), readerConverts);
    }

    /** Cleans a file on disk, as the clean flow does its spooled copy (its passes may read it in parts). */
    static Result clean(DatasetSpec spec, java.nio.file.Path file) throws IOException {
        Result fast = clean(spec, RowSources.file(file), true);
        assertSame(fast, clean(spec, RowSources.file(file), false));
        return fast;
    }

    private static Result clean(DatasetSpec spec, InputOpener input, boolean readerConverts) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        List<long[]> positions = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        RowSink writers = new RowSinks(List.of(new CsvRowWriter(csv), new JsonLinesRowWriter(jsonl)));
        RowSink sink = new RowSink() {
            public void start(List<String> c, List<ColumnType> t) throws IOException {
                columns.addAll(c);
                writers.start(c, t);
            }

            public void accept(long line, int part, Object[] row) throws IOException {
                rows.add(row.clone());
                positions.add(new long[]{line, part});
                writers.accept(line, part, row);
            }

            public void close() throws IOException {
                writers.close();
            }
        };
        RowSource.Opener file = RowSources.opener(spec, input);
        RowSource.Opener opener = readerConverts ? file : new RowSource.Opener() {
            @Override
            public RowSource open() throws IOException {
                return file.open();
            }

            @Override
            public RowSource open(java.util.Set<Integer> wanted, FieldConversion conversion) throws IOException {
                return file.open(wanted, null);
            }

            @Override
            public List<RowSource> openParts(java.util.Set<Integer> wanted, FieldConversion conversion)
                    throws IOException {
                return file.openParts(wanted, null); // split as the reader splits, every field as text
            }
        };
        // the reader's conversion takes the fast path where it may; the reference takes none
        CleanReport report = new Cleaner(spec, false, List.of(), readerConverts).run(opener, sink, rejected::add);
        CleanSummary s = report.summary();
        if (s.rowsIn() != s.rowsOut() + s.droppedTotal() + s.rejectedTotal()) {
            throw new AssertionError("rows in != out + dropped + rejected: " + s);
        }
        return new Result(report, columns, rows, positions, rejected, csv.toString(StandardCharsets.UTF_8),
                jsonl.toString(StandardCharsets.UTF_8));
    }
}
