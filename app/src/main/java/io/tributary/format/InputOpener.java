package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/** Opens a raw file's bytes from the start (readers that need two passes open it twice). */
@FunctionalInterface
public interface InputOpener {
    InputStream open() throws IOException;

    /** The file's size in bytes, or -1 when its bytes can only be read from the start (a stream). */
    default long size() throws IOException {
        return -1;
    }

    /** Bytes {@code [from, to)} of the file; only for a file whose {@link #size()} is known. */
    default InputStream open(long from, long to) throws IOException {
        throw new UnsupportedOperationException("this input is read from its start only");
    }
}
