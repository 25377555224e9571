package io.tributary.clean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statistics pass reads a file on disk in two halves at once: fills, bounds and cleaned rows
 * are those of one pass over the file, also when the middle of the file falls in a quoted field.
 */
class StatisticsInPartsTest {

    @TempDir
    Path dir;

    private static final String SPEC = """
            name: t
            match: t.csv
            duplicates: none
            columns:
              price: {type: double, outliers: {method: iqr, k: 1.5, action: clamp}}
              nights: {type: int, missing: median}
              room: {missing: mode}
              rate: {type: double, missing: mean, outliers: {method: z_score, threshold: 3, action: flag}}
              spread: {type: double, outliers: {method: modified_z_score, threshold: 3.5, action: set_null}}
              note: string
            """;

    /** About 3 MB: enough to be read in parts. */
    private static String rows(Random random, int count, String note) {
        StringBuilder csv = new StringBuilder("price,nights,room,rate,spread,note\n");
        for (int i = 0; i < count; i++) {
            double price = Math.round(Math.pow(random.nextDouble(), 4) * 50_000) / 100.0;
            String nights = random.nextInt(10) == 0 ? "" : String.valueOf(random.nextInt(14));
            // C appears only in the second half
            String room = random.nextInt(20) == 0 ? "" : i < count / 2 ? (i % 2 == 0 ? "B" : "A")
                    : (i % 3 == 0 ? "C" : i % 3 == 1 ? "A" : "B");
            String rate = random.nextInt(15) == 0 ? "" : String.valueOf(random.nextInt(30_000) / 100.0);
            csv.append(price).append(',').append(nights).append(',').append(room).append(',').append(rate)
                    .append(',').append(random.nextGaussian() * 10).append(',')
                    .append(i == count / 2 - 50 ? note : "n" + i).append('\n');
        }
        return csv.toString();
    }

    private void assertSameAsOnePass(String csv) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        DatasetSpec spec = CleanFixture.spec(SPEC);
        CleanFixture.Result parts = CleanFixture.clean(spec, file);
        CleanFixture.Result whole = CleanFixture.clean(spec, csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(whole.report().summary(), parts.report().summary());
        assertEquals(whole.report().outliers().get("price"), parts.report().outliers().get("price"),
                "quartiles exact in both");
        assertEquals(whole.report().outliers().get("spread"), parts.report().outliers().get("spread"),
                "median and MAD exact in both");
        assertEquals(whole.columnReport("nights").fillValue(), parts.columnReport("nights").fillValue());
        assertEquals(whole.columnReport("room").fillValue(), parts.columnReport("room").fillValue());
        // the mean and standard deviation are merged from the halves: equal but for rounding
        double mean = (double) whole.columnReport("rate").fillValue();
        assertEquals(mean, (double) parts.columnReport("rate").fillValue(), Math.abs(mean) * 1e-12);
        assertEquals(whole.report().outliers().get("rate").high(), parts.report().outliers().get("rate").high(),
                1e-9);
        assertEquals(whole.rows().size(), parts.rows().size());
        int rate = whole.columns().indexOf("rate");
        for (int r = 0; r < whole.rows().size(); r++) {
            Object[] a = whole.rows().get(r).clone();
            Object[] b = parts.rows().get(r).clone();
            if (a[rate] instanceof Double x && b[rate] instanceof Double y) {
                assertEquals(x, y, Math.abs(x) * 1e-12);
                a[rate] = null;
                b[rate] = null;
            }
            assertArrayEquals(a, b, "row " + r);
        }
    }

    @Test
    void fillsBoundsAndRowsAreThoseOfOnePass() throws IOException {
        String csv = rows(new Random(11), 60_000, "plain");
        assertTrue(csv.length() > 2 * (1 << 20));
        assertSameAsOnePass(csv);
    }

    @Test
    void aFileWhoseMiddleFallsInAQuotedFieldIsReadWhole() throws IOException {
        // a quoted note of many lines across the middle of the file: the split is inside it
        String note = "\"" + "a line of a long note, with a comma\n".repeat(20_000) + "\"";
        String csv = rows(new Random(12), 40_000, note);
        int middle = csv.length() / 2;
        int open = csv.indexOf('"');
        assertTrue(open < middle && csv.indexOf('"', open + 1) > middle, "the middle is inside the note");
        assertSameAsOnePass(csv);
    }

    @Test
    void aColumnWithTooManyDistinctValuesToCountExactlyIsEstimatedFromTheWholeFile() throws IOException {
        Random random = new Random(13);
        StringBuilder csv = new StringBuilder("amount,kind\n");
        for (int i = 0; i < 150_000; i++) {
            csv.append(random.nextInt(100_000_000) / 100.0).append(',').append(i % 5 == 0 ? "" : "k" + i % 3)
                    .append('\n');
        }
        Path file = dir.resolve("t.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        DatasetSpec spec = CleanFixture.spec("""
                name: t
                match: t.csv
                duplicates: none
                columns:
                  amount: {type: double, outliers: {method: iqr, k: 0.5, action: clamp}}
                  kind: {missing: mode}
                """);
        CleanFixture.Result parts = CleanFixture.clean(spec, file);
        CleanFixture.Result whole = CleanFixture.clean(spec, csv.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(parts.report().warnings().toString().contains("column amount: more than 65536 distinct values"));
        // the estimate of one pass over the whole file, not of merged halves
        assertEquals(whole.report().outliers().get("amount"), parts.report().outliers().get("amount"));
        assertEquals(whole.columnReport("kind").fillValue(), parts.columnReport("kind").fillValue());
        for (int r = 0; r < whole.rows().size(); r++) {
            assertArrayEquals(whole.rows().get(r), parts.rows().get(r), "row " + r);
        }
    }

    @Test
    void partsMergeExactlyOrNotAtAll() {
        ColumnStats first = ColumnStats.forRules(true, true);
        ColumnStats later = ColumnStats.forRules(true, true);
        ColumnStats whole = ColumnStats.forRules(true, true);
        for (int i = 0; i < 1000; i++) {
            Object v = i < 600 ? (Object) (i % 7) : (Object) (i % 11);
            (i < 600 ? first : later).add(v);
            whole.add(v);
        }
        first.add(null);
        whole.add(null);
        assertTrue(first.addLaterPart(later));
        assertEquals(whole.mode(), first.mode());
        assertEquals(whole.missing(), first.missing());
        assertEquals(whole.present(), first.present());
        assertEquals(whole.min(), first.min());
        assertEquals(whole.max(), first.max());
        assertEquals(whole.quantiles().quantile(0.25), first.quantiles().quantile(0.25), 0.0);
        assertEquals(whole.mean(), first.mean(), 1e-12);
        assertEquals(whole.standardDeviation(), first.standardDeviation(), 1e-12);

        // a tie across the parts goes to the value seen first in the file
        ColumnStats head = ColumnStats.forRules(false, true);
        ColumnStats tail = ColumnStats.forRules(false, true);
        head.add("y");
        head.add("x");
        for (String v : new String[]{"z", "z", "x", "y"}) {
            tail.add(v);
        }
        assertTrue(head.addLaterPart(tail));
        assertEquals("y", head.mode());
        ColumnStats late = ColumnStats.forRules(false, true);
        late.add("z");
        late.add("z");
        late.add("z");
        assertTrue(head.addLaterPart(late));
        assertEquals("z", head.mode(), "five z against two x and two y");

        // more distinct values than the mode counts between them: not merged, nothing changed
        ColumnStats a = ColumnStats.forRules(false, true);
        ColumnStats b = ColumnStats.forRules(false, true);
        for (int i = 0; i < ColumnStats.MODE_LIMIT; i++) {
            a.add("a" + i);
            b.add("b" + i);
        }
        assertFalse(a.addLaterPart(b));
        assertEquals(ColumnStats.MODE_LIMIT, a.present());
        // estimated quantiles: not merged
        ColumnStats estimated = ColumnStats.forRules(true, false);
        for (int i = 0; i <= QuantileSketch.EXACT_LIMIT; i++) {
            estimated.add((double) i);
        }
        ColumnStats exact = ColumnStats.forRules(true, false);
        exact.add(1.0);
        assertFalse(exact.addLaterPart(estimated));
        assertEquals(1, exact.present());
    }
}
