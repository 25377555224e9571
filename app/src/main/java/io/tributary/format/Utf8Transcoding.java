package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file in another character set (UTF-16, UTF-32, Shift_JIS, GB18030...) as UTF-8 bytes, decoded
 * and encoded again as it is read, so that the byte CSV reader reads it: in UTF-8 an ASCII
 * separator, quote or line break is one byte and never part of another character, which in those
 * sets it can be. The text is the file's, character for character (a byte-order mark is kept as
 * U+FEFF, which the reader skips at the start).
 */
final class Utf8Transcoding extends BlockInputStream {

    private final Reader in;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(3 * 8192 + 4);
    private boolean endOfInput;
    private boolean flushed;

    Utf8Transcoding(InputStream in, Charset charset) {
        this.in = new InputStreamReader(in, charset);
        chars.flip();
        bytes.flip();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!bytes.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    /** Encodes the next chars into {@code bytes} (empty before), reading more chars when needed. */
    private void fill() throws IOException {
        bytes.clear();
        if (!endOfInput && chars.remaining() < 2) {
            chars.compact();
            int n = in.read(chars);
            chars.flip();
            endOfInput = n < 0;
        }
        CoderResult result = encoder.encode(chars, bytes, endOfInput);
        if (result.isError()) {
            result.throwException();
        }
        if (endOfInput && !chars.hasRemaining()) {
            encoder.flush(bytes);
            flushed = true;
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
