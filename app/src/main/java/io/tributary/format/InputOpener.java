package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/** Opens a raw file's bytes from the start (readers that need two passes open it twice). */
@FunctionalInterface
public interface InputOpener {
    InputStream open() throws IOException;
}
