package io.tributary.format;

import com.fasterxml.jackson.core.io.NumberOutput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Numbers are written exactly as the shortest-text writer (Jackson's, Java's) writes them, and
 * timestamps as {@link Instant#toString()} writes them.
 */
class NumberTextTest {

    static String written(double d) {
        byte[] b = new byte[Utf8Output.bound(d)];
        return new String(b, 0, Utf8Output.number(b, 0, d), StandardCharsets.US_ASCII);
    }

    static String written(long n) {
        byte[] b = new byte[Utf8Output.bound(n)];
        return new String(b, 0, Utf8Output.number(b, 0, n), StandardCharsets.US_ASCII);
    }

    @Test
    void doublesAreWrittenAsTheShortestTextThatReadsBack() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500_000; i++) {
            double d;
            switch (i % 4) {
                case 0 -> d = Math.round(random.nextDouble() * 1_000_000) / 100.0; // prices
                case 1 -> d = Math.round(random.nextDouble() * 100_000_000) / 10_000.0 - 5_000;
                case 2 -> d = random.nextDouble() * Math.pow(10, random.nextInt(-6, 12));
                default -> d = Double.longBitsToDouble(random.nextLong());
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertEquals(NumberOutput.toString(d, true), written(d), "bits " + Double.doubleToLongBits(d));
        }
        for (double d : new double[]{0.0, -0.0, 0.001, 0.00099999, 9_999_999.9999, 1e7, 82.0, 100.5, -0.25,
                0.1 + 0.2, 1.0 / 3, Double.MIN_VALUE, Double.MAX_VALUE}) {
            assertEquals(NumberOutput.toString(d, true), written(d), Double.toString(d));
        }
    }

    @Test
    void wholeNumbersAreTheirDigits() {
        for (long n : new long[]{0, 9, 10, 9_999, 10_000, -1, -10_000, Long.MIN_VALUE, Long.MAX_VALUE,
                Integer.MIN_VALUE, 1_000_000_007L}) {
            assertEquals(Long.toString(n), written(n));
        }
    }

    @Test
    void timestampsAreWrittenAsInstantWritesThem() {
        SplittableRandom random = new SplittableRandom(23);
        long year0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long year10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(year0 - 86_400L * 400, year10000 + 86_400L * 400);
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            assertTimestamp(Instant.ofEpochSecond(second, nano));
        }
        for (Instant t : new Instant[]{Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(year0),
                Instant.ofEpochSecond(year0 - 1), Instant.ofEpochSecond(year10000 - 1, 999_999_999),
                Instant.ofEpochSecond(year10000), Instant.MIN, Instant.MAX, Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(0, 100_000_000), Instant.parse("2024-02-29T23:59:59.001Z")}) {
            assertTimestamp(t);
        }
    }

    private static void assertTimestamp(Instant t) {
        byte[] b = new byte[Utf8Output.bound(t)];
        assertEquals(t.toString(), new String(b, 0, Utf8Output.timestamp(b, 0, t), StandardCharsets.US_ASCII));
    }
}
