package io.tributary.clean;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A failure caught on a helper thread (reader, writer), thrown again on the thread it works for. */
public final class ThreadFailure {

    private ThreadFailure() {
    }

    /**
     * Throws {@code failure} as what it was: an I/O failure as an {@link IOException} (also one
     * wrapped in an {@link UncheckedIOException}), a runtime exception or an error as itself.
     * Nothing when it is null.
     */
    public static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof UncheckedIOException uio) {
            throw uio.getCause();
        } else if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IOException(failure);
        }
    }
}
