package io.tributary.clean;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * When a scheduled source runs: a cron expression in UTC, {@code minute hour day-of-month month
 * day-of-week} (each {@code *}, {@code n}, {@code a-b}, {@code a,b}, {@code * / n} or {@code a-b/n};
 * day-of-week 0-7 with 0 and 7 Sunday, or {@code MON}-{@code SUN}), or AWS EventBridge's six-field
 * {@code cron(minutes hours day-of-month month day-of-week year)} with {@code ?} for "any". As in
 * cron, when both day fields are restricted a day matching either runs.
 */
public final class CronSchedule {

    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String text, String[] f) {
        this.text = text;
        minutes = field(f[0], 0, 59, null, "minute");
        hours = field(f[1], 0, 23, null, "hour");
        daysOfMonth = field(f[2], 1, 31, null, "day of month");
        months = field(f[3], 1, 12, MONTHS, "month");
        BitSet dow = field(f[4], 0, 7, DAYS, "day of week");
        if (dow.get(7)) {
            dow.set(0);
        }
        daysOfWeek = dow;
        anyDayOfMonth = f[2].equals("*") || f[2].equals("?");
        anyDayOfWeek = f[4].equals("*") || f[4].equals("?");
    }

    /** Parses a schedule; {@link IllegalArgumentException} says what is wrong with it. */
    public static CronSchedule parse(String expression) {
        String text = expression == null ? "" : expression.trim();
        String body = text;
        if (body.startsWith("cron(") && body.endsWith(")")) {
            body = body.substring(5, body.length() - 1).trim();
        }
        String[] f = body.split("\\s+");
        if (f.length == 6) {
            if (!f[5].equals("*") && !f[5].equals("?")) {
                throw new IllegalArgumentException("'" + text + "': a year other than * is not supported");
            }
            f = java.util.Arrays.copyOf(f, 5);
        }
        if (f.length != 5) {
            throw new IllegalArgumentException("'" + text + "' is not a cron expression: expected five fields (minute"
                    + " hour day-of-month month day-of-week) or AWS's cron(minutes hours day-of-month month"
                    + " day-of-week year)");
        }
        return new CronSchedule(text, f);
    }

    /** The first time strictly after {@code after} (UTC, to the minute) when it runs. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
            } else if (!day(t)) {
                t = t.plusDays(1).withHour(0).withMinute(0);
            } else if (!hours.get(t.getHour())) {
                t = t.plusHours(1).withMinute(0);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t;
            }
        }
        throw new IllegalStateException("'" + text + "' never runs");
    }

    private boolean day(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return text;
    }

    private BitSet field(String spec, int min, int max, String[] names, String what) {
        BitSet set = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, null, what);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                int dash = range.indexOf('-');
                from = number(range.substring(0, dash), min, max, names, what);
                to = number(range.substring(dash + 1), min, max, names, what);
                if (to < from) {
                    throw new IllegalArgumentException("'" + text + "': the " + what + " range " + range
                            + " ends before it starts");
                }
            } else {
                from = number(range, min, max, names, what);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private int number(String s, int min, int max, String[] names, String what) {
        if (names != null) {
            int offset = names == MONTHS ? 1 : 0;
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(s.toUpperCase(Locale.ROOT))) {
                    return i + offset;
                }
            }
        }
        try {
            int v = Integer.parseInt(s);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "': '" + s + "' is not a " + what + " (" + min + "-" + max
                + (names != null ? " or a name" : "") + ")");
    }
}
