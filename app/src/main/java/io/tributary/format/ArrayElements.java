package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * The elements of a UTF-8 stream that holds one JSON array, as ranges of its bytes, each with the
 * number of the line it starts on (lines end as {@link ByteLines} ends them). An element's end is
 * found by its brackets and strings alone, without parsing it: whether an element is valid JSON is
 * for its reader to find. Between elements only JSON white space and one comma are accepted; at
 * anything else, or at the end of the stream inside the array, {@link #next()} says false and
 * {@link #failed()} true, and the elements up to there are {@link #count()}. What follows the
 * array's closing bracket is not read, but the line where anything other than white space does
 * is told ({@link #afterEnd()}). An element's bytes stay as they are after the next element
 * is read ({@link BufferedTexts}).
 */
final class ArrayElements extends BufferedTexts {

    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSE = 3;
    private static final byte COMMA = 4;
    private static final byte SPACE = 5;
    private static final byte LINE_FEED = 6;
    private static final byte CARRIAGE_RETURN = 7;
    private static final byte[] CLASSES = new byte[256];

    static {
        CLASSES['"'] = QUOTE;
        CLASSES['{'] = OPEN;
        CLASSES['['] = OPEN;
        CLASSES['}'] = CLOSE;
        CLASSES[']'] = CLOSE;
        CLASSES[','] = COMMA;
        CLASSES[' '] = SPACE;
        CLASSES['\t'] = SPACE;
        CLASSES['\n'] = LINE_FEED;
        CLASSES['\r'] = CARRIAGE_RETURN;
    }

    /** The line {@link #pos} is on. */
    private long line = 1;
    private boolean opened;
    private boolean ended;
    private boolean failed;
    private long count;
    private long afterEnd;

    /** @param fileStart whether the stream starts at the start of its file (where a byte-order mark is skipped) */
    ArrayElements(InputStream in, boolean fileStart) {
        super(in, fileStart);
    }

    /**
     * Reads up to the array's opening bracket: false (and nothing more is read) when the stream
     * holds only white space or starts with anything else.
     */
    boolean start() throws IOException {
        if (startOnce()) {
            if (skipSpace() && buf[pos] == '[') {
                pos++;
                opened = true;
            } else {
                failed = true;
            }
        }
        return opened;
    }

    @Override
    public boolean next() throws IOException {
        if (!start() || ended || failed) {
            return false;
        }
        if (!skipSpace()) {
            return fail();
        }
        byte c = buf[pos];
        if (count > 0) {
            if (c == ']') {
                return end();
            }
            if (c != ',') {
                return fail();
            }
            pos++;
            if (!skipSpace()) {
                return fail();
            }
        } else if (c == ']') {
            return end();
        }
        long startLine = line;
        int end = elementEnd();
        if (end < 0) {
            return fail();
        }
        found(pos, end, startLine);
        pos = end;
        count++;
        return true;
    }

    /** Past the array's closing bracket, and the white space after it. */
    private boolean end() throws IOException {
        ended = true;
        pos++;
        if (skipSpace()) {
            afterEnd = line;
        }
        return false;
    }

    /** The line on which something other than white space follows the array, or 0. */
    long afterEnd() {
        return afterEnd;
    }

    private boolean fail() {
        failed = true;
        return false;
    }

    /**
     * Says the current element is not valid JSON, as its reader found: reading stops before it
     * ({@link #failed()}, and it is not counted).
     */
    void refuse() {
        failed = true;
        count--;
    }

    /** Whether the stream ended inside the array or held something else than elements between its brackets. */
    boolean failed() {
        return failed;
    }

    /** The elements given so far. */
    long count() {
        return count;
    }

    /** Past white space (counting lines): false when the stream ends first. */
    private boolean skipSpace() throws IOException {
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return false;
                }
                fill(pos);
                continue;
            }
            byte c = buf[pos];
            switch (CLASSES[c & 0xFF]) {
                case SPACE -> pos++;
                case LINE_FEED -> {
                    line++;
                    pos++;
                }
                case CARRIAGE_RETURN -> {
                    if (pos + 1 == limit && !eof) {
                        fill(pos); // whether a line feed follows
                        continue;
                    }
                    line++;
                    pos += pos + 1 < limit && buf[pos + 1] == '\n' ? 2 : 1;
                }
                default -> {
                    return true;
                }
            }
        }
    }

    /**
     * Where the element starting at {@link #pos} ends (its bytes refilled as needed, {@link #pos}
     * moved with them), counting the lines inside it; -1 when the stream ends first or there is no
     * element. A string ends at its closing quote, an object or array at the bracket that closes
     * it, anything else (a number, a word) at the first byte that cannot be part of it.
     */
    private int elementEnd() throws IOException {
        byte first = CLASSES[buf[pos] & 0xFF];
        if (first == QUOTE) {
            return stringEnd(pos + 1);
        }
        if (first != OPEN) {
            int i = pos;
            while (true) {
                if (i == limit) {
                    if (eof) {
                        return first == PLAIN ? i : -1;
                    }
                    i = refill(i);
                    continue;
                }
                if (CLASSES[buf[i] & 0xFF] != PLAIN) {
                    return i > pos ? i : -1;
                }
                i++;
            }
        }
        int depth = 0;
        int i = pos;
        while (true) {
            if (i == limit) {
                if (eof) {
                    return -1;
                }
                i = refill(i);
                continue;
            }
            switch (CLASSES[buf[i] & 0xFF]) {
                case QUOTE -> {
                    i = stringEnd(i + 1);
                    if (i < 0) {
                        return -1;
                    }
                }
                case OPEN -> {
                    depth++;
                    i++;
                }
                case CLOSE -> {
                    i++;
                    if (--depth == 0) {
                        return i;
                    }
                }
                case LINE_FEED -> {
                    line++;
                    i++;
                }
                case CARRIAGE_RETURN -> {
                    if (i + 1 == limit && !eof) {
                        i = refill(i); // whether a line feed follows
                        continue;
                    }
                    line++;
                    i += i + 1 < limit && buf[i + 1] == '\n' ? 2 : 1;
                }
                default -> i++;
            }
        }
    }

    /**
     * Where the string whose characters start at {@code i} ends (after its closing quote; its bytes
     * refilled as needed), or -1 when the stream ends first.
     */
    private int stringEnd(int i) throws IOException {
        while (true) {
            if (i >= limit) {
                if (eof) {
                    return -1;
                }
                i = refill(i);
                continue;
            }
            byte c = buf[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i += 2; // the escaped character is not the string's end
            } else {
                i++;
            }
        }
    }
}
