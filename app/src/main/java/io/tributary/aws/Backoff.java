package io.tributary.aws;

import java.util.concurrent.ThreadLocalRandom;

/** The wait before a retry of refused writes: exponential from a base, capped at 5 s, with jitter. */
final class Backoff {

    private Backoff() {
    }

    /**
     * Waits before retry {@code attempt} (1 for the first) and returns how long it waited.
     *
     * @param what what is being written, for the message if the wait is interrupted
     */
    static long sleep(long baseMillis, int attempt, String what) {
        long backoff = Math.min(5_000, baseMillis << (attempt - 1));
        long sleep = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + what, e);
        }
        return sleep;
    }
}
