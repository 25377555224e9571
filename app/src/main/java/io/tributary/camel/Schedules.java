package io.tributary.camel;

import io.tributary.clean.CronSchedule;
import io.tributary.clean.DatasetSpec;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The scheduled jobs of one kind (API sources, exports), each declared by a spec key: which spec
 * has one, when each is due (never ran, or its schedule came round since its last run, downtime
 * included: one run catches up; a run tried here waits for its next time even if it failed), and
 * what a failed run tells its route.
 */
final class Schedules {

    private final String key;
    private final Function<DatasetSpec, CronSchedule> scheduleOf;
    private final Optional<String> override;
    private final Map<String, Instant> tried = new ConcurrentHashMap<>();

    /**
     * @param key        the spec key that declares the job ({@code api}, {@code export})
     * @param scheduleOf the job's schedule in a spec, null when the spec has no such job
     * @param override   one schedule for every job of the kind (a setting), if any
     */
    Schedules(String key, Function<DatasetSpec, CronSchedule> scheduleOf, Optional<String> override) {
        this.key = key;
        this.scheduleOf = scheduleOf;
        this.override = override.filter(s -> !s.isBlank());
    }

    /** The datasets whose job is due at {@code now}; {@code lastRun} is each one's last run as its state says. */
    List<String> due(List<DatasetSpec> specs, Function<String, Optional<Instant>> lastRun, Instant now) {
        List<String> due = new ArrayList<>();
        for (DatasetSpec spec : specs) {
            CronSchedule declared = scheduleOf.apply(spec);
            if (declared == null) {
                continue;
            }
            CronSchedule schedule = override.map(CronSchedule::parse).orElse(declared);
            Instant last = Optional.ofNullable(tried.get(spec.name())).or(() -> lastRun.apply(spec.name())).orElse(null);
            if (last == null || !schedule.next(last.atZone(ZoneOffset.UTC)).toInstant().isAfter(now)) {
                due.add(spec.name());
            }
        }
        return due;
    }

    /** The spec of the dataset whose job runs now (noted as tried); {@link IllegalArgumentException} when it has none. */
    DatasetSpec start(List<DatasetSpec> specs, String dataset, Instant now) {
        DatasetSpec spec = specs.stream().filter(s -> s.name().equals(dataset) && scheduleOf.apply(s) != null)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no dataset spec named " + dataset
                        + " has an " + key + " key"));
        tried.put(dataset, now);
        return spec;
    }

    /** Why a job's run failed, also told to whoever sent it (a Lambda invocation fails with it). */
    static String failure(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = e == null ? "unknown error" : Optional.ofNullable(e.getMessage()).orElse(e.toString());
        exchange.setProperty(ChangeStreams.FAILED, reason);
        return reason;
    }
}
