package io.tributary.clean;

import org.junit.jupiter.api.Test;

import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CronScheduleTest {
    private static final ZonedDateTime AT = ZonedDateTime.parse("2026-12-04T10:17:42Z"); // a Friday

    private static String next(String cron, ZonedDateTime after) {
        return CronSchedule.parse(cron).next(after).toString();
    }

    @Test
    void theOriginalHourlyScheduleInBothSpellings() {
        assertEquals("2026-12-04T11:00Z", next("0 * * * *", AT));
        assertEquals("2026-12-04T11:00Z", next("cron(0 * * * ? *)", AT));
        assertEquals("2026-12-04T12:00Z", next("0 * * * *", ZonedDateTime.parse("2026-12-04T11:00:00Z")),
                "strictly after: a run at 11:00 is next due at 12:00");
        assertEquals("2026-12-04T10:18Z", next("* * * * *", AT));
    }

    @Test
    void stepsRangesListsAndNames() {
        assertEquals("2026-12-04T10:30Z", next("*/15 * * * *", AT));
        assertEquals("2026-12-04T10:20Z", next("5-50/5 * * * *", AT));
        assertEquals("2026-12-07T06:00Z", next("0 6 * * MON-WED", AT));
        assertEquals("2026-12-06T00:00Z", next("0 0 * * 0", AT), "0 is Sunday");
        assertEquals("2026-12-06T00:00Z", next("0 0 * * 7", AT), "so is 7");
        assertEquals("2027-01-01T00:00Z", next("0 0 1 JAN *", AT));
        assertEquals("2027-02-28T09:00Z", next("0 9 28 2 *", AT));
        // both day fields restricted: either one
        assertEquals("2026-12-05T00:00Z", next("0 0 15 * SAT", AT));
        assertEquals("2028-02-29T00:00Z", next("0 0 29 2 *", AT), "the next leap day");
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("'0 * * *' is not a cron expression: expected five fields (minute hour day-of-month month"
                        + " day-of-week) or AWS's cron(minutes hours day-of-month month day-of-week year)",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 * * *")).getMessage());
        assertEquals("'60 * * * *': '60' is not a minute (0-59)",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("60 * * * *")).getMessage());
        assertEquals("'0 0 * * FUN': 'FUN' is not a day of week (0-7 or a name)",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 * * FUN")).getMessage());
        assertEquals("'0 0 * * * 2027': a year other than * is not supported",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 * * * 2027")).getMessage());
        assertEquals("'0 9-5 * * *': the hour range 9-5 ends before it starts",
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 9-5 * * *")).getMessage());
        assertThrows(IllegalStateException.class, () -> CronSchedule.parse("0 0 31 2 *").next(AT));
    }
}
