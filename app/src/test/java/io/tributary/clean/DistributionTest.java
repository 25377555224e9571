package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spread of a column's values for the report's charts, in one pass and bounded memory. */
class DistributionTest {

    private static Distribution of(ColumnType type, Object... values) {
        Distribution d = new Distribution(type);
        for (Object v : values) {
            d.add(v);
        }
        return d;
    }

    /** Every value falls in the bin the histogram says, and the counts add up. */
    private static void assertHolds(Distribution.Histogram h, double[] values) {
        long[] expected = new long[h.counts().length];
        for (double v : values) {
            int i = (int) Math.floor((v - h.start()) / h.width());
            assertTrue(i >= 0 && i < expected.length, v + " outside " + h);
            expected[i]++;
        }
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(h.counts()));
        assertTrue(h.counts().length <= Distribution.BINS);
    }

    @Test
    void aHistogramHoldsEveryValueInItsBinWhateverTheOrderAndRange() {
        Random random = new Random(7);
        for (double[] values : List.of(
                random.doubles(5000, -1e6, 1e6).toArray(),                  // negative and positive
                random.doubles(5000).map(x -> Math.exp(x * 40)).toArray(),      // 1 to 2e17: a huge range
                new double[]{1000, -3, 5e-7, 2.5e9, -7e8, 0},                  // far below, then far above
                random.doubles(2000, 0.0001, 0.0002).toArray())) {             // a narrow one
            Distribution d = new Distribution(ColumnType.DOUBLE);
            for (double v : values) {
                d.add(v);
            }
            assertHolds(d.histogram(), values);
        }
    }

    @Test
    void oneValueAConstantColumnAndAllMissing() {
        Distribution.Histogram one = of(ColumnType.DOUBLE, 42.5).histogram();
        assertEquals(1, one.counts().length);
        assertTrue(one.start() <= 42.5 && 42.5 < one.end());
        Distribution.Histogram constant = of(ColumnType.INT, 7, 7, 7, null, 7).histogram();
        assertEquals(new Distribution.Histogram(7, 1, new long[]{4}).toString().replaceAll("@\\w+", ""),
                constant.toString().replaceAll("@\\w+", ""));
        assertEquals(4, constant.counts()[0]);
        Distribution missing = of(ColumnType.DOUBLE, null, null);
        assertNull(missing.histogram());
        assertNull(missing.dates());
        assertEquals(List.of(), missing.top(10));
    }

    @Test
    void wholeNumbersGetBinsNoNarrowerThanOne() {
        Distribution.Histogram flags = of(ColumnType.INT, 0, 1, 1, 0, 1).histogram();
        assertEquals(0, flags.start());
        assertEquals(1, flags.width());
        assertEquals("[2, 3]", java.util.Arrays.toString(flags.counts()));
        Distribution.Histogram big = of(ColumnType.LONG, LongStream.rangeClosed(1, 1000).boxed().toArray()).histogram();
        assertEquals(16, big.width(), "1,000 values in at most 64 bins: width 16");
        assertEquals(1000, LongStream.of(big.counts()).sum());
        Distribution.Histogram decimals = of(ColumnType.DECIMAL, new BigDecimal("1.25"), new BigDecimal("-3.5")).histogram();
        assertEquals(2, LongStream.of(decimals.counts()).sum());
    }

    @Test
    void datesCountPerDayOverAShortRangeElsePerMonthWithTheEmptyOnesAsZero() {
        Distribution days = of(ColumnType.DATE, LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-03"),
                LocalDate.parse("2024-03-03"));
        assertEquals("day", days.dates().unit());
        assertEquals(java.util.Map.of("2024-03-01", 1L, "2024-03-02", 0L, "2024-03-03", 2L), days.dates().counts());
        Distribution months = of(ColumnType.TIMESTAMP, Instant.parse("2023-11-30T23:59:59Z"),
                Instant.parse("2024-02-01T00:00:00Z"));
        assertEquals("month", months.dates().unit());
        assertEquals(List.of("2023-11", "2023-12", "2024-01", "2024-02"), List.copyOf(months.dates().counts().keySet()));
        assertEquals(List.of(1L, 0L, 0L, 1L), List.copyOf(months.dates().counts().values()));
        // more distinct days than are kept: folded into months, none lost
        Distribution many = new Distribution(ColumnType.DATE);
        for (int i = 0; i < 1000; i++) {
            many.add(LocalDate.parse("2020-01-01").plusDays(i));
        }
        assertEquals(1000, many.dates().counts().values().stream().mapToLong(Long::longValue).sum());
        assertEquals("2020-01", many.dates().counts().keySet().iterator().next());
    }

    @Test
    void textCountsItsMostFrequentValuesAndTheRestAsOther() {
        Distribution d = of(ColumnType.STRING, "b", "a", "b", "ç", "b", "a", null);
        assertEquals(List.of(new Distribution.Count("b", 3), new Distribution.Count("a", 2)), d.top(2));
        assertEquals(1, d.otherThan(2));
        Distribution wide = new Distribution(ColumnType.STRING);
        for (int i = 0; i < Distribution.VALUES + 10; i++) {
            wide.add("v" + i);
        }
        assertTrue(wide.capped());
        assertEquals(Distribution.VALUES + 10 - 10, wide.otherThan(10), "every value counted: shown or other");
    }
}
