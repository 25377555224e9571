package io.tributary.format;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What a file's first bytes say about its character set: a byte-order mark, or (for a file without
 * a spec) the zero bytes every other byte of mostly-ASCII UTF-16 text has, as in Excel's "Unicode
 * Text" export (UTF-16LE, tab-separated).
 */
final class TextEncodings {

    static final Charset UTF_32LE = Charset.forName("UTF-32LE");
    static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    private TextEncodings() {
    }

    /** The character set a byte-order mark at the start of {@code head} names, or null. */
    static Charset byteOrderMark(byte[] head) {
        int n = head.length;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (n >= 4 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE && head[2] == 0 && head[3] == 0) {
            return UTF_32LE;
        }
        if (n >= 4 && head[0] == 0 && head[1] == 0 && (head[2] & 0xFF) == 0xFE && (head[3] & 0xFF) == 0xFF) {
            return UTF_32BE;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /**
     * The character set of a file without a spec: by its byte-order mark; else UTF-16 when most
     * bytes at odd (little-endian) or even (big-endian) positions are zero and almost none at the
     * others; else UTF-8.
     */
    static Charset guess(byte[] head) {
        Charset marked = byteOrderMark(head);
        if (marked != null) {
            return marked;
        }
        int pairs = Math.min(head.length, 4096) / 2;
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < pairs; i++) {
            evenZeros += head[2 * i] == 0 ? 1 : 0;
            oddZeros += head[2 * i + 1] == 0 ? 1 : 0;
        }
        if (pairs >= 2 && oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16LE;
        }
        if (pairs >= 2 && evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }

    /** Whether text in {@code declared} may start with this byte-order mark's set: the same set, or its family's own (UTF-16 for UTF-16LE). */
    static boolean agree(Charset declared, Charset marked) {
        String d = declared.name();
        String m = marked.name();
        return d.equals(m) || m.startsWith(d) && (d.equals("UTF-16") || d.equals("UTF-32"));
    }
}
