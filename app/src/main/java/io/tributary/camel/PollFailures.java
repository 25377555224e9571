package io.tributary.camel;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Failures of the polling sources (raw/ listing, DynamoDB streams, Kinesis): one log line when a
 * poller starts failing (the stack trace at DEBUG), one a minute while it goes on, one when it
 * works again; and it backs off meanwhile: 1 s, 2 s, 4 s... up to a minute between tries, instead of
 * failing, and logging, every second (a stopped emulator, a network that is down, a lost role).
 */
@Singleton
@Named("pollFailures")
public class PollFailures {

    private static final Logger LOG = Logger.getLogger(PollFailures.class);
    static final long MAX_WAIT_MILLIS = 60_000;

    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private long sequence;

    /** A poller that fails: how often, when to try next, and which came last, a try or a failure. */
    private static final class Failing {
        int failures;
        long nextTryAt;
        long lastTry;
        long lastFailure;
        long loggedAt;
    }

    public PollFailures() {
        this(() -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    PollFailures(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether the poller whose exchange this is should poll now: always, unless it is failing and waits. */
    public synchronized boolean due(Exchange exchange) {
        return due(exchange.getFromRouteId());
    }

    synchronized boolean due(String poller) {
        Failing f = failing.get(poller);
        if (f == null) {
            return true;
        }
        if (f.lastTry > f.lastFailure) {
            LOG.infof("%s: polling works again (after %d failed %s)", poller, f.failures,
                    f.failures == 1 ? "try" : "tries");
            failing.remove(poller);
            return true;
        }
        if (clock.getAsLong() < f.nextTryAt) {
            return false;
        }
        f.lastTry = ++sequence;
        return true;
    }

    /** Records a failed poll: logs it (once a minute while it goes on) and sets when to try next. */
    public synchronized void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        failed(exchange.getFromRouteId(), e == null ? "unknown error"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (e != null) {
            LOG.debug("cause", e);
        }
    }

    synchronized long failed(String poller, String reason) {
        long now = clock.getAsLong();
        Failing f = failing.computeIfAbsent(poller, p -> new Failing());
        f.failures++;
        f.lastFailure = ++sequence;
        long wait = Math.min(MAX_WAIT_MILLIS, 1000L << Math.min(f.failures - 1, 16));
        f.nextTryAt = now + wait;
        if (f.failures == 1 || now - f.loggedAt >= MAX_WAIT_MILLIS) {
            f.loggedAt = now;
            LOG.warnf("%s: polling failed%s: %s; trying again in %d s, then less often (up to once a minute)"
                    + " until it works", poller, f.failures == 1 ? "" : " " + f.failures + " times in a row", reason,
                    wait / 1000);
        }
        return wait;
    }
}
