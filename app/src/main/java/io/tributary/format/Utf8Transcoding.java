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
 *
 * <p>A separator or quote that is not ASCII (a delimiter {@code §}, a quote {@code þ}) can be
 * {@linkplain #marking marked}: written as one byte that UTF-8 never uses ({@link #DELIMITER_MARK},
 * {@link #QUOTE_MARK}) instead of its UTF-8 bytes, so that the byte reader finds it as it finds an
 * ASCII one, and gives it back as the character when it makes text.
 */
final class Utf8Transcoding extends BlockInputStream {

    /** Stands for a marked delimiter: 0xFF never occurs in UTF-8. */
    static final byte DELIMITER_MARK = (byte) 0xFF;
    /** Stands for a marked quote: 0xFE never occurs in UTF-8. */
    static final byte QUOTE_MARK = (byte) 0xFE;

    private final Reader in;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(3 * 8192 + 4);
    private boolean endOfInput;
    private boolean flushed;
    /** The UTF-8 bytes of a marked delimiter and quote, or null when not marked. */
    private byte[] delimiter;
    private byte[] quote;

    Utf8Transcoding(InputStream in, Charset charset) {
        this.in = new InputStreamReader(in, charset);
        chars.flip();
        bytes.flip();
    }

    /**
     * A file as UTF-8 whose delimiter and quote, those that are not ASCII, are written as
     * {@link #DELIMITER_MARK} and {@link #QUOTE_MARK}.
     */
    static Utf8Transcoding marking(InputStream in, Charset charset, char delimiter, char quote) {
        Utf8Transcoding t = new Utf8Transcoding(in, charset);
        t.delimiter = delimiter > 127 ? String.valueOf(delimiter).getBytes(StandardCharsets.UTF_8) : null;
        t.quote = quote > 127 ? String.valueOf(quote).getBytes(StandardCharsets.UTF_8) : null;
        return t;
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
        if (delimiter != null || quote != null) {
            // the encoder writes whole characters, so every one is here whole
            bytes.position(mark(bytes.array(), bytes.position()));
        }
        bytes.flip();
    }

    /** Replaces the marked characters' bytes in {@code b[0, end)} by their marks; the new end. */
    private int mark(byte[] b, int end) {
        int w = 0;
        for (int r = 0; r < end; ) {
            if (delimiter != null && startsWith(b, r, end, delimiter)) {
                b[w++] = DELIMITER_MARK;
                r += delimiter.length;
            } else if (quote != null && startsWith(b, r, end, quote)) {
                b[w++] = QUOTE_MARK;
                r += quote.length;
            } else {
                b[w++] = b[r++];
            }
        }
        return w;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        if (b[at] != prefix[0] || at + prefix.length > end) {
            return false;
        }
        for (int i = 1; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
