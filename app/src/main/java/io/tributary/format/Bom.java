package io.tributary.format;

import java.io.BufferedReader;
import java.io.IOException;

/** Skips a byte-order mark at the start of a text file, which editors on Windows like to write. */
final class Bom {

    private Bom() {
    }

    static BufferedReader skip(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
