package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The common ISO-8601 shapes read straight from their characters give what the formatter gives
 * (the formatter alone is the oracle), and every text they do not read (another shape, a field
 * out of range) is left to the formatter.
 */
class IsoDateTimesTest {

    private static final String[] YEARS = {"2024", "0000", "9999", "1970", "2023", "0001", "999", "20245", "2O24"};
    private static final String[] MONTHS = {"01", "02", "12", "00", "13", "1", "09"};
    private static final String[] DAYS = {"01", "28", "29", "30", "31", "00", "32", "1"};
    private static final String[] SEPARATORS = {"T", "t", " ", "T", "x", "", "T "};
    private static final String[] HOURS = {"00", "09", "23", "24", "2", "12"};
    private static final String[] MINUTES = {"00", "30", "59", "60", "5"};
    private static final String[] SECONDS = {"", ":00", ":59", ":60", ":5", ":07", ":"};
    private static final String[] FRACTIONS = {"", "", ".5", ".123", ".123456", ".123456789", ".1234567891", ".", ".05"};
    private static final String[] ZONES = {"", "Z", "z", "+01:00", "-05:30", "+00:00", "-00:00", "+18:00", "-18:00",
            "+18:01", "+19:00", "+01:60", "+0100", "+01", "+01:00:00", "[Europe/Paris]", "+01:00[Europe/Paris]", "ZZ",
            " ", "Z "};

    @Test
    void timestampsAreReadAsTheFormatterReadsThem() {
        Random random = new Random(17);
        int read = 0;
        int parsedByFormatter = 0;
        for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneId.of("America/New_York"), ZoneOffset.ofHours(9))) {
            for (int i = 0; i < 20_000; i++) {
                String text = pick(random, YEARS) + "-" + pick(random, MONTHS) + "-" + pick(random, DAYS)
                        + pick(random, SEPARATORS) + pick(random, HOURS) + ":" + pick(random, MINUTES)
                        + pick(random, SECONDS) + pick(random, FRACTIONS) + pick(random, ZONES);
                Instant expected;
                try {
                    expected = ValueParser.isoTimestampByFormatter(text, zone);
                    parsedByFormatter++;
                } catch (DateTimeException e) {
                    expected = null;
                }
                Instant fast = IsoDateTimes.timestamp(text, zone);
                if (fast != null) {
                    assertEquals(expected, fast, text + " in " + zone);
                    read++;
                }
            }
        }
        assertTrue(read > 300 && parsedByFormatter > read, read + " read at once, " + parsedByFormatter
                + " by the formatter (which reads more shapes)");
        // every text of the common shapes that the formatter reads is read at once
        for (int i = 0; i < 20_000; i++) {
            String text = pick(random, YEARS) + "-" + pick(random, MONTHS) + "-" + pick(random, DAYS)
                    + pick(random, new String[]{"T", "t", " "}) + pick(random, HOURS) + ":" + pick(random, MINUTES)
                    + pick(random, new String[]{"", ":00", ":59"}) + (random.nextBoolean() ? "" : ".123")
                    + pick(random, new String[]{"", "Z", "z", "+01:00", "-05:30", "-00:00", "+18:00"});
            try {
                Instant expected = ValueParser.isoTimestampByFormatter(text, ZoneOffset.UTC);
                assertEquals(expected, IsoDateTimes.timestamp(text, ZoneOffset.UTC), text);
            } catch (DateTimeException e) {
                assertNull(IsoDateTimes.timestamp(text, ZoneOffset.UTC), text);
            }
        }
        // a daylight-saving gap: the zone's rules move the time as the formatter's path does
        ZoneId newYork = ZoneId.of("America/New_York");
        assertEquals(ValueParser.isoTimestampByFormatter("2024-03-10T02:30", newYork),
                IsoDateTimes.timestamp("2024-03-10T02:30", newYork));
    }

    @Test
    void datesAreReadAsTheFormatterReadsThem() {
        Random random = new Random(19);
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = pick(random, YEARS) + "-" + pick(random, MONTHS) + "-" + pick(random, DAYS)
                    + (random.nextInt(10) == 0 ? " " : "");
            LocalDate expected;
            try {
                expected = LocalDate.parse(text);
            } catch (DateTimeException e) {
                expected = null;
            }
            LocalDate fast = IsoDateTimes.date(text);
            if (fast != null) {
                assertEquals(expected, fast, text);
                read++;
            } else if (expected != null) {
                throw new AssertionError("a yyyy-MM-dd date left to the formatter: " + text);
            }
        }
        assertTrue(read > 1000, "read " + read);
        assertNull(IsoDateTimes.date("2023-02-29"), "not a leap year: the formatter says why");
    }

    @Test
    void aValueTheFormatterRefusesStillGetsItsReason() {
        ValueParser timestamps = new ValueParser(ColumnType.TIMESTAMP, List.of(), ZoneOffset.UTC);
        assertEquals(Instant.parse("2024-03-01T08:15:30.250Z"), timestamps.parse("2024-03-01T09:15:30.25+01:00"));
        ValueException e = org.junit.jupiter.api.Assertions.assertThrows(ValueException.class,
                () -> timestamps.parse("2024-02-30T10:00:00Z"));
        assertTrue(e.getMessage().contains("2024-02-30T10:00:00Z"), e.getMessage());
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
