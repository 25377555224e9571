package io.tributary.clean;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one output column's values are spread, for the report's charts, gathered as the rows stream
 * past in memory that does not grow with the row count:
 * <ul>
 *   <li>numbers: a histogram of at most {@value #BINS} equal bins whose width is a power of two,
 *       doubled (neighbour bins merged) whenever a value falls outside: exact counts, one pass;</li>
 *   <li>dates and timestamps: counts per day (UTC), folded into months past {@value #DAYS} days;</li>
 *   <li>anything else (text, booleans, JSON): counts of the first {@value #VALUES} distinct values;
 *       a value first seen after that is counted as "other".</li>
 * </ul>
 */
public final class Distribution {

    static final int BINS = 64;
    static final int DAYS = 400;
    public static final int VALUES = 1000;

    /** A numeric histogram: bin i counts values in [start + i·width, start + (i+1)·width). */
    public record Histogram(double start, double width, long[] counts) {
        public double end() {
            return start + width * counts.length;
        }
    }

    /** A value and how many rows had it. */
    public record Count(String value, long count) {
    }

    /** Counts per day ({@code 2016-07-01}) or per month ({@code 2016-07}), in order. */
    public record Dates(String unit, Map<String, Long> counts) {
    }

    private final ColumnType type;
    /** What the column's values are: decided once, not per value. */
    private final int kind;
    private static final int NUMBER = 0;
    private static final int DATE = 1;
    private static final int VALUE = 2;
    // numbers
    private long[] bins;
    private double start;
    private double width;
    // dates: per day while there are few distinct days, then per month (counts from the first month seen)
    private HashMap<LocalDate, long[]> days;
    private long[] months;
    private int firstMonth;
    // other values
    private HashMap<Object, long[]> values;
    private long other;

    public Distribution(ColumnType type) {
        this.type = type;
        this.kind = switch (type) {
            case INT, LONG, DOUBLE, DECIMAL -> NUMBER;
            case DATE, TIMESTAMP -> DATE;
            default -> VALUE;
        };
    }

    public void add(Object value) {
        if (value == null) {
            return;
        }
        if (kind == NUMBER && value instanceof Number n) {
            double d = n instanceof Integer i ? i : n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue();
            if (Double.isFinite(d)) {
                addNumber(d);
            }
        } else if (kind == DATE && value instanceof LocalDate date) {
            addDay(date);
        } else if (kind == DATE && value instanceof Instant instant) {
            addDay(LocalDate.ofInstant(instant, ZoneOffset.UTC));
        } else {
            addValue(value);
        }
    }

    private void addNumber(double v) {
        if (bins == null) {
            bins = new long[BINS];
            // the first width: 1 for whole numbers (no bin narrower than a step between them), else a power of
            // two small against the value, so that its neighbours get bins of their own
            width = type == ColumnType.INT || type == ColumnType.LONG ? 1
                    : Math.scalb(1.0, v == 0 ? -10 : Math.getExponent(v) - 10);
            start = Math.floor(v / width) * width;
        }
        long i = (long) Math.floor((v - start) / width);
        while (i < 0 || i >= BINS) {
            widen(v);
            i = (long) Math.floor((v - start) / width);
        }
        bins[(int) i]++;
    }

    /**
     * Doubles the bin width, merging neighbours (bin edges are multiples of the width, so each old
     * bin lies in one new bin). The start stays where the values are, or moves down toward a value
     * below them, never so far that the highest bin would fall out.
     */
    private void widen(double v) {
        double wider = width * 2;
        double top = start + width * BINS;
        double newStart = Math.floor(start / wider) * wider;
        if (v < start) {
            double lowest = Math.ceil((top - wider * BINS) / wider) * wider;
            newStart = Math.max(Math.floor(v / wider) * wider, lowest);
        }
        long[] merged = new long[BINS];
        for (int j = 0; j < BINS; j++) {
            if (bins[j] != 0) {
                int k = (int) Math.floor((start + j * width - newStart) / wider);
                merged[Math.max(0, Math.min(BINS - 1, k))] += bins[j];
            }
        }
        bins = merged;
        start = newStart;
        width = wider;
    }

    private void addDay(LocalDate day) {
        if (months != null) {
            addMonth(day.getYear() * 12L + day.getMonthValue() - 1, 1);
            return;
        }
        if (days == null) {
            days = new HashMap<>();
        }
        long[] n = days.get(day);
        if (n != null) {
            n[0]++;
            return;
        }
        days.put(day, new long[]{1});
        if (days.size() > DAYS) {
            HashMap<LocalDate, long[]> folded = days;
            days = null;
            for (Map.Entry<LocalDate, long[]> e : folded.entrySet()) {
                LocalDate d = e.getKey();
                addMonth(d.getYear() * 12L + d.getMonthValue() - 1, e.getValue()[0]);
            }
        }
    }

    /** Counts a month (year·12 + month − 1) in the array of months from the first seen, grown either way as needed. */
    private void addMonth(long month, long count) {
        if (months == null) {
            months = new long[16];
            firstMonth = (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, month));
        }
        long at = month - firstMonth;
        if (at < 0 || at >= months.length) {
            long low = Math.min(firstMonth, month);
            long high = Math.max(firstMonth + (long) months.length, month + 1);
            if (high - low > MAX_MONTHS) {
                farDates += count; // a date thousands of years from the others: counted, not charted
                return;
            }
            int lo = (int) low;
            int hi = (int) high;
            long[] grown = new long[Math.max(hi - lo, months.length * 2)];
            System.arraycopy(months, 0, grown, firstMonth - lo, months.length);
            months = grown;
            firstMonth = lo;
            at = month - firstMonth;
        }
        months[(int) at] += count;
    }

    private static String month(int epochMonth) {
        return java.time.YearMonth.of(Math.floorDiv(epochMonth, 12), Math.floorMod(epochMonth, 12) + 1).toString();
    }

    private void addValue(Object value) {
        if (values == null) {
            values = new HashMap<>();
        }
        long[] n = values.get(value);
        if (n != null) {
            n[0]++;
        } else if (values.size() < VALUES) {
            values.put(value, new long[]{1});
        } else {
            other++;
        }
    }

    /** The histogram of the numbers, trimmed to the bins from the first to the last that holds a value; null without numbers. */
    public Histogram histogram() {
        if (bins == null) {
            return null;
        }
        int first = 0;
        while (bins[first] == 0) {
            first++;
        }
        int last = BINS - 1;
        while (bins[last] == 0) {
            last--;
        }
        long[] counts = new long[last - first + 1];
        System.arraycopy(bins, first, counts, 0, counts.length);
        return new Histogram(start + first * width, width, counts);
    }

    /**
     * Counts per day when the dates span at most {@value #SHORT_RANGE_DAYS} days, else per month,
     * every day (month) from the first to the last included, with 0 where there was none (months:
     * up to {@value #MONTHS_FILLED} of them; a longer range lists only the months that have dates);
     * null without dates.
     */
    public Dates dates() {
        if (days == null && months == null) {
            return null;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        if (days != null) {
            TreeMap<LocalDate, long[]> sorted = new TreeMap<>(days);
            if (sorted.firstKey().plusDays(SHORT_RANGE_DAYS).isAfter(sorted.lastKey())) {
                for (LocalDate d = sorted.firstKey(); !d.isAfter(sorted.lastKey()); d = d.plusDays(1)) {
                    long[] n = sorted.get(d);
                    counts.put(d.toString(), n == null ? 0 : n[0]);
                }
                return new Dates("day", counts);
            }
            // a longer range: per month (what addMonth keeps once the days are too many)
            Distribution byMonth = new Distribution(type);
            sorted.forEach((d, n) -> byMonth.addMonth(d.getYear() * 12L + d.getMonthValue() - 1, n[0]));
            return byMonth.dates();
        }
        int first = 0;
        while (months[first] == 0) {
            first++;
        }
        int last = months.length - 1;
        while (months[last] == 0) {
            last--;
        }
        boolean fill = last - first <= MONTHS_FILLED;
        for (int i = first; i <= last; i++) {
            if (fill || months[i] > 0) {
                counts.put(month(firstMonth + i), months[i]);
            }
        }
        return new Dates("month", counts);
    }

    /** The longest span of months charted (10,000 years); dates farther from the others are only counted. */
    static final int MAX_MONTHS = 120_000;
    private long farDates;

    /** Dates too far from the others to chart (thousands of years). */
    public long farDates() {
        return farDates;
    }

    /** The longest span of dates counted per day. */
    static final int SHORT_RANGE_DAYS = 62;
    /** The longest span of months filled with zeros where there was no date. */
    static final int MONTHS_FILLED = 1200;

    /** The {@code limit} most frequent values (ties by value), most frequent first; empty without values. */
    public List<Count> top(int limit) {
        if (values == null) {
            return List.of();
        }
        List<Count> all = new ArrayList<>(values.size());
        values.forEach((v, n) -> all.add(new Count(String.valueOf(v), n[0])));
        all.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::value));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** Values not among {@link #top}: the rest of the distinct values, and those seen past the limit. */
    public long otherThan(int limit) {
        if (values == null) {
            return 0;
        }
        long shown = top(limit).stream().mapToLong(Count::count).sum();
        long counted = values.values().stream().mapToLong(n -> n[0]).sum();
        return counted - shown + other;
    }

    /** What was counted, comparable: two distributions of the same values are equal whatever their order. */
    private List<Object> content() {
        Histogram h = histogram();
        Map<String, Long> counted = new TreeMap<>();
        if (values != null) {
            values.forEach((v, n) -> counted.put(String.valueOf(v), n[0]));
        }
        return java.util.Arrays.asList(type, h == null ? null : List.of(h.start(), h.width(),
                java.util.Arrays.toString(h.counts())), dates(), counted, other, farDates);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Distribution d && content().equals(d.content());
    }

    @Override
    public int hashCode() {
        return content().hashCode();
    }

    @Override
    public String toString() {
        return "Distribution" + content();
    }

    /** Whether values past {@value #VALUES} distinct ones were only counted as "other". */
    public boolean capped() {
        return other > 0;
    }
}
