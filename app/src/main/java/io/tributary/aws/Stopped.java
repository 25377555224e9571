package io.tributary.aws;

/**
 * Work given up between two calls because Tributary is stopping: not a failure of the data or of
 * the service. Whoever catches it keeps no record of a failure; the work is done again from its
 * last durable point (the raw object, a stream checkpoint) when Tributary starts next.
 */
public final class Stopped extends IllegalStateException {

    /** {@code stopped while <doing>: Tributary is stopping (<progress>)} */
    public Stopped(String doing, String progress) {
        super("stopped while " + doing + ": Tributary is stopping (" + progress + ")");
    }
}
