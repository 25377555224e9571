package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a UTF-8 stream as ranges of its bytes, numbered as {@link java.io.BufferedReader#readLine}
 * numbers them: a line ends at a line feed, a carriage return, or both together; a byte-order mark
 * at the start of a file is skipped. A line's bytes ({@link #bytes()}, {@link #from()}, {@link #to()}) stay
 * as they are after the next line is read: every refill reads into a new buffer, so a record may
 * keep its line's bytes for its raw text.
 */
final class ByteLines implements JsonTexts {

    static final int BUFFER = 1 << 18;

    private final InputStream in;
    private final boolean fileStart;
    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private long number;
    private byte[] lineBuf;
    private int lineFrom;
    private int lineTo;

    /** @param fileStart whether the stream starts at the start of its file (where a byte-order mark is skipped) */
    ByteLines(InputStream in, boolean fileStart) {
        this.in = in;
        this.fileStart = fileStart;
    }

    /** Reads the next line; false at the end of the stream. */
    @Override
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            fill(0);
            if (fileStart && limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                pos = 3;
            }
        }
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
                lineBuf = b;
                lineFrom = pos;
                lineTo = p;
                pos = b[p] == '\r' && p + 1 < end && b[p + 1] == '\n' ? p + 2 : p + 1;
                number++;
                return true;
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                lineBuf = b;
                lineFrom = pos;
                lineTo = limit;
                pos = limit;
                number++;
                return true;
            }
            scanned = p - pos;
            fill(pos);
            scanned += pos;
        }
    }

    /** Moves the unread bytes from {@code keep} on to the start of a new buffer and reads more after them. */
    private void fill(int keep) throws IOException {
        int left = limit - keep;
        byte[] next = new byte[Math.max(BUFFER, left * 2)];
        System.arraycopy(buf, keep, next, 0, left);
        buf = next;
        pos = 0;
        limit = left;
        while (limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    @Override
    public long number() {
        return number;
    }

    @Override
    public byte[] bytes() {
        return lineBuf;
    }

    @Override
    public int from() {
        return lineFrom;
    }

    @Override
    public int to() {
        return lineTo;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
