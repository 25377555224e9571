package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;
import java.util.Arrays;
import java.util.List;

import static io.tributary.clean.CleanFixture.clean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Missing-value strategies and outlier rules, with statistics from the whole file. */
class MissingAndOutliersTest {

    static String spec(String columns) {
        return "name: t\nmatch: t.csv\nduplicates: none\ncolumns:\n" + columns;
    }

    @Test
    void missingValuesAreDroppedOrFilledWithConstantMeanMedianModeOrLastValid() throws IOException {
        CleanFixture.Result r = clean(spec("""
                  a: {type: int, missing: drop}
                  b: {type: double, missing: mean}
                  c: {type: int, missing: median}
                  d: {missing: mode}
                  e: {type: int, missing: last_valid}
                  f: {missing: {fill: undefined}}
                """), """
                a,b,c,d,e,f
                1,1.0,1,x,5,
                2,,2,y,,red
                ,3.0,3,y,7,
                4,2.0,,,,
                5,3.0,4,z,,
                """);
        assertEquals(List.of(1, 2, 4, 5), r.column("a"));
        assertEquals(1L, r.summary().dropped().get("missing:a"));
        // statistics are over the file's non-missing values (before any row is dropped)
        assertEquals(List.of(1.0, 2.25, 2.0, 3.0), r.column("b"), "mean of 1, 3, 2, 3");
        assertEquals(List.of(1, 2, 3, 4), r.column("c"), "median of 1, 2, 3, 4 is 2.5, rounded for an int column");
        assertEquals(List.of("x", "y", "y", "z"), r.column("d"));
        assertEquals(List.of(5, 5, 7, 7), r.column("e"), "the last valid value of an earlier row");
        assertEquals(List.of("undefined", "red", "undefined", "undefined"), r.column("f"));
        CleanReport.ColumnReport b = r.columnReport("b");
        assertEquals(1, b.nullsBefore());
        assertEquals(0, b.nullsAfter());
        assertEquals(1, b.filled());
        assertEquals(2.25, b.fillValue());
    }

    @Test
    void modeTiesGoToTheFirstSeenAndMedianTiesAreExact() throws IOException {
        CleanFixture.Result r = clean(spec("""
                  d: {missing: mode}
                  n: {type: double, missing: median}
                """), "d,n\nb,2\na,2\na,\nb,5\n,1\n");
        assertEquals(List.of("b", "a", "a", "b", "b"), r.column("d"), "a and b twice each: b came first");
        assertEquals(2.0, r.rows().get(2)[1], "median of 2, 2, 5, 1 is 2");
    }

    @Test
    void aStatisticOfAColumnWithNoValuesLeavesMissingValuesAndWarns() throws IOException {
        CleanFixture.Result r = clean(spec("  n: {type: int, missing: mean}\n"), "n,s\n,a\n,b\n");
        assertEquals(Arrays.asList(null, null), r.column("n"));
        assertEquals(List.of("column n: no values to compute the mean from; its missing values stay missing"),
                r.report().warnings());
    }

    @Test
    void iqrOutliersAreClampedRemovedFlaggedOrNulled() throws IOException {
        String data = "id,v\n1,10\n2,11\n3,12\n4,13\n5,14\n6,100\n7,-50\n";
        // quartiles of -50, 10..14, 100: q1 = 10.5, q3 = 13.5, IQR 3; k 1.5: bounds 6 and 18
        CleanFixture.Result clamp = clean(spec("  v: {type: int, outliers: {method: iqr, k: 1.5, action: clamp}}\n"), data);
        assertEquals(List.of(10, 11, 12, 13, 14, 18, 6), clamp.column("v"));
        CleanReport.OutlierReport bounds = clamp.report().outliers().get("v");
        assertEquals(6.0, bounds.low());
        assertEquals(18.0, bounds.high());
        assertEquals(2, bounds.count());

        CleanFixture.Result remove = clean(spec("  v: {type: int, outliers: {method: iqr, action: remove}}\n"), data);
        assertEquals(List.of(10, 11, 12, 13, 14), remove.column("v"));
        assertEquals(2L, remove.summary().dropped().get("outlier:v"));

        CleanFixture.Result flag = clean(spec("  v: {type: int, outliers: {method: iqr, action: flag}}\n"), data);
        assertEquals(List.of(false, false, false, false, false, true, true), flag.column("v_outlier"));
        assertEquals(List.of(10, 11, 12, 13, 14, 100, -50), flag.column("v"));

        CleanFixture.Result nulls = clean(spec("  v: {type: int, outliers: {method: iqr, action: set_null}}\n"), data);
        assertEquals(Arrays.asList(10, 11, 12, 13, 14, null, null), nulls.column("v"));
    }

    @Test
    void zScoresOfAConstantColumnFlagNothingAndWarn() throws IOException {
        CleanFixture.Result r = clean(spec("  v: {type: double, outliers: {method: z_score, threshold: 2}}\n"),
                "v\n5\n5\n5\n");
        assertEquals(List.of(false, false, false), r.column("v_outlier"));
        assertTrue(r.report().warnings().get(0).contains("standard deviation 0"), r.report().warnings().toString());
    }

    @Test
    void zScoreAndModifiedZScoreFindTheFarValue() throws IOException {
        StringBuilder data = new StringBuilder("v\n");
        for (int i = 0; i < 20; i++) {
            data.append(10 + i % 3).append('\n');
        }
        data.append("60\n");
        CleanFixture.Result z = clean(spec("  v: {type: double, outliers: {method: z_score, action: remove}}\n"),
                data.toString());
        assertEquals(1L, z.summary().dropped().get("outlier:v"));
        CleanFixture.Result mz = clean(spec(
                "  v: {type: double, outliers: {method: modified_z_score, threshold: 3.5, action: remove}}\n"),
                data.toString());
        assertEquals(1L, mz.summary().dropped().get("outlier:v"));
        // median 11, MAD 1: bounds 11 -/+ 3.5 / 0.6745
        assertEquals(11 + 3.5 / 0.6745, mz.report().outliers().get("v").high(), 1e-9);
    }

    @Test
    void quantilesAreExactForSmallColumnsAndCloseForLargeOnes() {
        QuantileSketch small = new QuantileSketch();
        for (int v : new int[]{4, 1, 3, 2}) {
            small.add(v);
        }
        assertEquals(2.5, small.quantile(0.5));
        assertTrue(small.isExact());
        QuantileSketch large = new QuantileSketch();
        for (int i = 0; i < 200_000; i++) {
            large.add(i * 7919 % 200_000); // 0..199,999 once each, out of order
        }
        assertTrue(!large.isExact(), "more distinct values than are counted exactly");
        assertEquals(99_999.5, large.quantile(0.5), 1_000, "median of 0..199,999");
        assertEquals(50_000, large.quantile(0.25), 1_000);
    }

    @Test
    void iqrBoundsOfAFileWithManyRowsButFewDistinctValuesAreExactAndOfManyDistinctOnesWarned()
            throws IOException {
        // 100,000 rows, 500 distinct prices: the quartiles of every row, exactly (no estimate, no warning)
        StringBuilder few = new StringBuilder("price\n");
        double[] prices = new double[100_000];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = (i * 37 % 500) / 4.0;
            few.append(prices[i]).append('\n');
        }
        String iqr = "  price: {type: double, outliers: {method: iqr, k: 1.5, action: flag}}\n";
        CleanFixture.Result exact = clean(spec(iqr), few.toString());
        double q1 = exactQuantile(prices, 0.25);
        double q3 = exactQuantile(prices, 0.75);
        assertEquals(q1 - 1.5 * (q3 - q1), exact.report().outliers().get("price").low(), 0.0);
        assertEquals(q3 + 1.5 * (q3 - q1), exact.report().outliers().get("price").high(), 0.0);
        assertEquals(List.of(), exact.report().warnings());
        // 70,000 distinct values: estimated, and the report says so (not for a column without values)
        StringBuilder many = new StringBuilder("price,other\n");
        for (int i = 0; i < 70_000; i++) {
            many.append(i).append(",\n");
        }
        CleanFixture.Result estimated = clean(spec(iqr + "  other: {type: double, missing: median}\n"),
                many.toString());
        List<String> warnings = estimated.report().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("column price: more than 65536 distinct values")),
                warnings.toString());
        assertTrue(warnings.stream().noneMatch(w -> w.contains("column other: more than")), warnings.toString());
        // exact: Q1 17,499.75, Q3 52,499.25, low bound -34,999.5; the estimate within 1% of the rows
        assertEquals(-34_999.5, estimated.report().outliers().get("price").low(), 0.01 * 70_000 * 4);
    }

    /** The q-quantile of all the values with pandas' linear interpolation, as a reference. */
    static double exactQuantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        return sorted[lo] + (sorted[(int) Math.ceil(pos)] - sorted[lo]) * (pos - lo);
    }

    /** The median of |v - median| over all the values, as a reference. */
    static double exactMedianAbsoluteDeviation(double[] values) {
        double median = exactQuantile(values, 0.5);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return exactQuantile(deviations, 0.5);
    }

    @Test
    void theMedianAbsoluteDeviationOfAColumnWithTooManyDistinctValuesIsClose() {
        Random random = new Random(3);
        double[] all = new double[200_000];
        QuantileSketch sketch = new QuantileSketch();
        for (int i = 0; i < all.length; i++) {
            all[i] = random.nextGaussian() * 100 + 1000;
            sketch.add(all[i]);
        }
        assertTrue(!sketch.isExact());
        double mad = exactMedianAbsoluteDeviation(all); // about 0.6745 sd: 67.45
        assertEquals(mad, sketch.medianAbsoluteDeviation(), mad * 0.01);
    }

    @Test
    void modifiedZScoreBoundsOfAColumnWithTooManyDistinctValuesAreEstimatedCloseToExact() throws IOException {
        Random random = new Random(4);
        StringBuilder data = new StringBuilder("v\n");
        double[] all = new double[100_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = random.nextGaussian() * 10 + 50;
            data.append(all[i]).append('\n');
        }
        CleanFixture.Result r = clean(spec(
                "  v: {type: double, outliers: {method: modified_z_score, threshold: 3.5, action: flag}}\n"),
                data.toString());
        double high = exactQuantile(all, 0.5) + 3.5 * exactMedianAbsoluteDeviation(all) / 0.6745;
        assertEquals(high, r.report().outliers().get("v").high(), 0.01 * high);
        assertTrue(r.report().warnings().toString().contains("t-digest estimates"), r.report().warnings().toString());
    }

    @Test
    void quantilesOfAMillionValuesWithFewDistinctOnesAreExactWhateverTheirOrder() {
        Random random = new Random(7);
        double[] all = new double[1_000_000];
        QuantileSketch sketch = new QuantileSketch();
        for (int i = 0; i < all.length; i++) {
            // prices with two decimals, skewed, 30k distinct values at most; -0.0 and 0.0 among them
            all[i] = i % 1000 == 0 ? -0.0 : Math.round(Math.pow(random.nextDouble(), 3) * 30_000) / 100.0;
            sketch.add(all[i]);
        }
        assertTrue(sketch.isExact());
        assertEquals(all.length, sketch.size());
        for (double q : new double[]{0, 0.001, 0.25, 0.5, 0.75, 0.999, 1}) {
            assertEquals(exactQuantile(all, q), sketch.quantile(q), 0.0, "q=" + q);
        }
        // the same values in another order: the same quantiles
        QuantileSketch reversed = new QuantileSketch();
        for (int i = all.length - 1; i >= 0; i--) {
            reversed.add(all[i]);
        }
        assertEquals(sketch.quantile(0.25), reversed.quantile(0.25), 0.0);
        assertEquals(sketch.quantile(0.75), reversed.quantile(0.75), 0.0);
        // the median absolute deviation, exact
        assertEquals(exactMedianAbsoluteDeviation(all), sketch.medianAbsoluteDeviation(), 0.0);
    }

    @Test
    void aColumnThatOutgrowsTheExactCountsKeepsItsQuantilesClose() {
        QuantileSketch sketch = new QuantileSketch();
        double[] all = new double[300_000];
        for (int i = 0; i < all.length; i++) {
            // the first 100,000 values repeat 1,000 distinct ones; then every value is new
            all[i] = i < 100_000 ? i % 1000 : 1000 + i;
            sketch.add(all[i]);
        }
        assertTrue(!sketch.isExact());
        assertEquals(all.length, sketch.size());
        for (double q : new double[]{0.25, 0.5, 0.75}) {
            assertEquals(exactQuantile(all, q), sketch.quantile(q), 0.01 * 300_000, "q=" + q);
        }
    }

    @Test
    void distinctEstimatesAreClose() {
        DistinctEstimate few = new DistinctEstimate();
        for (int i = 0; i < 1000; i++) {
            few.add("v" + (i % 37));
        }
        assertEquals(37, few.estimate());
        DistinctEstimate many = new DistinctEstimate();
        for (int i = 0; i < 200_000; i++) {
            many.add(i);
        }
        assertEquals(200_000, many.estimate(), 200_000 * 0.05);
    }

    @Test
    void duplicatesByKeyKeepTheFirstOrTheLast() throws IOException {
        String data = "id,v\n1,a\n2,b\n1,c\n3,d\n2,e\n";
        CleanFixture.Result first = clean("name: t\nmatch: t.csv\nduplicates: {columns: [id]}\n", data);
        assertEquals(List.of("a", "b", "d"), first.column("v"));
        CleanFixture.Result last = clean("name: t\nmatch: t.csv\nduplicates: {columns: [id], keep: last}\n", data);
        assertEquals(List.of("c", "d", "e"), last.column("v"));
        assertEquals(2L, last.summary().dropped().get("duplicate"));
        CleanFixture.Result none = clean("name: t\nmatch: t.csv\nduplicates: none\n", "v\na\na\n");
        assertEquals(2, none.summary().rowsOut());
    }

    @Test
    void theReportProfilesOutputColumns() throws IOException {
        CleanFixture.Result r = clean(spec("  n: int\n  d: date\n"), "n,d,s\n3,2024-01-02,x\n1,2023-05-06,y\n,,x\n");
        CleanReport.ColumnReport n = r.columnReport("n");
        assertEquals(1, n.min());
        assertEquals(3, n.max());
        assertEquals(2.0, n.mean());
        assertEquals(1, n.nullsAfter());
        assertEquals("declared", n.origin());
        assertEquals(java.time.LocalDate.of(2023, 5, 6), r.columnReport("d").min());
        assertEquals(2, r.columnReport("s").distinctEstimate());
        assertEquals("text", r.columnReport("s").origin());
        assertNull(r.columnReport("s").mean());
    }

    @Test
    void aColumnsStatisticsAreTheSameWhetherItsRepeatedValuesAreOneObjectOrMany() {
        // readers hand out one object per repeated value; statistics skip an object seen recently
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        List<Integer> shared = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            shared.add(Integer.valueOf(100_000 + i * 16)); // equal hashes modulo 16: one slot for all
        }
        ColumnStats oneObject = ColumnStats.forReport();
        ColumnStats fresh = ColumnStats.forReport();
        for (int i = 0; i < 50_000; i++) {
            int pick = random.nextInt(300);
            Integer value = pick < 5 && random.nextInt(50) == 0 ? null : shared.get(pick);
            oneObject.add(value);
            fresh.add(value == null ? null : Integer.valueOf(value.intValue())); // a new object each time (not cached)
        }
        assertEquals(fresh.min(), oneObject.min());
        assertEquals(fresh.max(), oneObject.max());
        assertEquals(fresh.missing(), oneObject.missing());
        assertEquals(fresh.mean(), oneObject.mean());
        assertEquals(fresh.distinctEstimate(), oneObject.distinctEstimate());
        assertEquals(300, oneObject.distinctEstimate(), 300 * 0.03);
        assertEquals(100_000, oneObject.min());
        assertEquals(100_000 + 299 * 16, oneObject.max());
    }
}
