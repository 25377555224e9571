package io.tributary.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The texts of a file's JSON records, one at a time, as ranges of its UTF-8 bytes: the lines of a
 * JSON Lines file ({@link ByteLines}) or the elements of a JSON array ({@link ArrayElements}).
 */
interface JsonTexts extends Closeable {

    /** Reads the next record's text; false at the end. */
    boolean next() throws IOException;

    /** The number of the line the current text starts on, from 1. */
    long number();

    byte[] bytes();

    int from();

    int to();

    /** The current text. */
    default String text() {
        return new String(bytes(), from(), to() - from(), StandardCharsets.UTF_8);
    }
}
