package io.tributary.camel;

import io.tributary.clean.CronSchedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * When the scheduled jobs of one kind (API sources, exports) are due: a dataset's job that never
 * ran, or whose schedule came round since its last run (downtime included: one run catches up), is
 * due; a run tried here waits for its next time even if it failed.
 */
final class Schedules {

    private final Map<String, Instant> tried = new ConcurrentHashMap<>();

    /**
     * The datasets due at {@code now}.
     *
     * @param schedules each dataset's schedule
     * @param lastRun   each dataset's last run as its state says (empty: never)
     */
    List<String> due(Map<String, CronSchedule> schedules, Function<String, Optional<Instant>> lastRun, Instant now) {
        List<String> due = new ArrayList<>();
        schedules.forEach((dataset, schedule) -> {
            Instant last = Optional.ofNullable(tried.get(dataset)).or(() -> lastRun.apply(dataset)).orElse(null);
            if (last == null || !schedule.next(last.atZone(ZoneOffset.UTC)).toInstant().isAfter(now)) {
                due.add(dataset);
            }
        });
        return due;
    }

    /** A run of the dataset's job started now. */
    void tried(String dataset, Instant at) {
        tried.put(dataset, at);
    }
}
