package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * What {@link ByteLines} and {@link ArrayElements} share: a UTF-8 stream read into a buffer, and
 * the current record's text as a range of it. Every refill reads into a new buffer, so a text's
 * bytes ({@link #bytes()}, {@link #from()}, {@link #to()}) stay as they are after the next text is
 * read, and a record may keep them for its raw text.
 */
abstract class BufferedTexts implements JsonTexts {

    static final int BUFFER = 1 << 18;

    private final InputStream in;
    private final boolean fileStart;
    byte[] buf = new byte[0];
    /** Where the unread bytes start. */
    int pos;
    int limit;
    boolean eof;
    private boolean started;
    private byte[] textBuf;
    private int textFrom;
    private int textTo;
    private long textNumber;

    /** @param fileStart whether the stream starts at the start of its file (where a byte-order mark is skipped) */
    BufferedTexts(InputStream in, boolean fileStart) {
        this.in = in;
        this.fileStart = fileStart;
    }

    /** Reads the first buffer, past a byte-order mark at the start of a file; false when done before. */
    final boolean startOnce() throws IOException {
        if (started) {
            return false;
        }
        started = true;
        fill(0);
        if (fileStart && limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3;
        }
        return true;
    }

    /** Moves the unread bytes from {@code keep} on to the start of a new buffer ({@link #pos} with them) and reads more after them. */
    final void fill(int keep) throws IOException {
        int left = limit - keep;
        byte[] next = new byte[Math.max(BUFFER, left * 2)];
        System.arraycopy(buf, keep, next, 0, left);
        buf = next;
        pos -= keep;
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

    /** Refills from {@link #pos}: where index {@code i} of the old buffer is in the new one. */
    final int refill(int i) throws IOException {
        int from = pos;
        fill(pos);
        return i - from;
    }

    /** The current text is {@code buf[from, to)}, starting on line {@code number}. */
    final void found(int from, int to, long number) {
        textBuf = buf;
        textFrom = from;
        textTo = to;
        textNumber = number;
    }

    @Override
    public long number() {
        return textNumber;
    }

    @Override
    public byte[] bytes() {
        return textBuf;
    }

    @Override
    public int from() {
        return textFrom;
    }

    @Override
    public int to() {
        return textTo;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
