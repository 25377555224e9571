package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that reads in blocks: its one-byte read is a block read of one byte. */
abstract class BlockInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
