package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a UTF-8 stream as ranges of its bytes, numbered as {@link java.io.BufferedReader#readLine}
 * numbers them: a line ends at a line feed, a carriage return, or both together; a byte-order mark
 * at the start of a file is skipped. A line's bytes stay as they are after the next line is read
 * ({@link BufferedTexts}).
 */
final class ByteLines extends BufferedTexts {

    private long number;

    /** @param fileStart whether the stream starts at the start of its file (where a byte-order mark is skipped) */
    ByteLines(InputStream in, boolean fileStart) {
        super(in, fileStart);
    }

    /** Reads the next line; false at the end of the stream. */
    @Override
    public boolean next() throws IOException {
        startOnce();
        int scanned = pos;
        while (true) {
            byte[] b = buf;
            int p = scanned;
            int end = limit;
            while (p < end && b[p] != '\n' && b[p] != '\r') {
                p++;
            }
            if (p < end && (b[p] == '\n' || p + 1 < end || eof)) {
                // a line feed, or a carriage return whose next byte is known
                found(pos, p, ++number);
                pos = b[p] == '\r' && p + 1 < end && b[p + 1] == '\n' ? p + 2 : p + 1;
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                found(pos, limit, ++number);
                pos = limit;
                return true;
            }
            scanned = refill(p);
        }
    }
}
