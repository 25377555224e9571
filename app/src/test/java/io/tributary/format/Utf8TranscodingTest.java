package io.tributary.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8TranscodingTest {

    /** Text of every width in UTF-8 (1 to 4 bytes), surrogate pairs falling on every buffer boundary. */
    static String mixedText(int chars) {
        Random random = new Random(42);
        String[] pieces = {"a", ",", "\n", "\u00e9", "\u5012", "\uD83D\uDE00", "\"", "\uFFFD"};
        StringBuilder s = new StringBuilder();
        while (s.length() < chars) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, chunk)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void aLongTextInUtf16AndUtf32ComesOutAsItsUtf8Bytes() throws IOException {
        String text = mixedText(100_000);
        for (Charset charset : new Charset[]{StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, Charset.forName("UTF-32")}) {
            for (int chunk : new int[]{1, 7, 65536}) {
                try (InputStream in = new Utf8Transcoding(new ByteArrayInputStream(text.getBytes(charset)), charset)) {
                    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), readAll(in, chunk), charset + " by " + chunk);
                }
            }
        }
    }

    @Test
    void anEmptyFileIsEmptyAndAByteAtATimeReadsTheSame() throws IOException {
        try (InputStream in = new Utf8Transcoding(new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_16)) {
            assertEquals(-1, in.read());
        }
        try (InputStream in = new Utf8Transcoding(new ByteArrayInputStream("h\u00e9".getBytes(StandardCharsets.UTF_16BE)),
                StandardCharsets.UTF_16BE)) {
            assertEquals('h', in.read());
            assertEquals(0xC3, in.read());
            assertEquals(0xA9, in.read());
            assertEquals(-1, in.read());
        }
    }
}
