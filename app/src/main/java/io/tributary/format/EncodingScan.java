package io.tributary.format;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One fast read of a raw file's bytes before it is cleaned, for what decoding would hide: a NUL byte
 * (the file is not text), and byte sequences that are not valid UTF-8 (which a decoder would turn
 * into U+FFFD without a word). Eight bytes at a time while they are ASCII, byte by byte otherwise.
 */
public final class EncodingScan {

    /** How many invalid sequences are kept with their positions; the rest are only counted. */
    static final int KEPT = 10_000;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;

    /** Where an invalid UTF-8 sequence starts: its byte offset, the line it is on (from 1) and where that line starts. */
    public record Invalid(long offset, long line, long lineStart) {
    }

    /**
     * @param firstNul     the offset of the first NUL byte, or -1
     * @param invalid      the first {@value #KEPT} invalid UTF-8 sequences (a byte-order mark is valid)
     * @param invalidCount how many there are in all
     * @param replacement  whether the file itself holds U+FFFD (EF BF BD)
     * @param notWindows1252 whether it holds a byte windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
     */
    public record Result(long firstNul, List<Invalid> invalid, long invalidCount, boolean replacement,
                         boolean notWindows1252) {
        public boolean validUtf8() {
            return invalidCount == 0;
        }

        /** The first invalid sequence on a line from {@code line} on, or null. */
        public Invalid firstFrom(long line) {
            for (Invalid i : invalid) {
                if (i.line() >= line) {
                    return i;
                }
            }
            return null;
        }
    }

    private EncodingScan() {
    }

    public static Result scan(Path file) throws IOException {
        List<Long> offsets = new ArrayList<>();
        long count = 0;
        long firstNul = -1;
        boolean replacement = false;
        byte[] b = new byte[1 << 16];
        int n = 0;
        long base = 0; // the file offset of b[0]
        try (InputStream in = Files.newInputStream(file)) {
            int p = 0;
            boolean eof = false;
            while (true) {
                if (!eof && n - p <= 16) {
                    // keep the unread tail, fill the rest; short of the end, 16 bytes always lie ahead
                    System.arraycopy(b, p, b, 0, n - p);
                    base += p;
                    n -= p;
                    p = 0;
                    int r;
                    while (n < b.length && (r = in.read(b, n, b.length - n)) > 0) {
                        n += r;
                    }
                    eof = n < b.length;
                }
                if (p >= n) {
                    break;
                }
                int end = eof ? n : n - 16;
                // ASCII without NUL, eight bytes at a time
                while (p + 8 <= end) {
                    long w = (long) LONGS.get(b, p);
                    if ((w & HIGH_BITS) != 0 || ((w - ONES) & ~w & HIGH_BITS) != 0) {
                        break;
                    }
                    p += 8;
                }
                while (p < end) {
                    int c = b[p] & 0xff;
                    if (c < 0x80) {
                        if (c == 0 && firstNul < 0) {
                            firstNul = base + p;
                        }
                        p++;
                        continue;
                    }
                    int len = sequence(b, p, n);
                    if (len > 0) {
                        replacement |= len == 3 && c == 0xEF && (b[p + 1] & 0xff) == 0xBF && (b[p + 2] & 0xff) == 0xBD;
                        p += len;
                    } else {
                        if (offsets.size() < KEPT) {
                            offsets.add(base + p);
                        }
                        count++;
                        p++;
                    }
                    if ((p & 63) == 0) {
                        break; // back to eight at a time
                    }
                }
            }
        }
        boolean undefined1252 = count > 0 && anyUndefinedIn1252(file);
        return new Result(firstNul, count == 0 ? List.of() : lines(file, offsets), count, replacement, undefined1252);
    }

    /**
     * The length of the valid UTF-8 sequence at {@code p} (2 to 4), or 0 when it is not one
     * (overlong forms, surrogates and code points past U+10FFFF are not).
     */
    private static int sequence(byte[] b, int p, int n) {
        int c = b[p] & 0xff;
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (p + len > n) {
            return 0;
        }
        int second = b[p + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int i = 2; i < len; i++) {
            int cont = b[p + i] & 0xff;
            if (cont < 0x80 || cont > 0xBF) {
                return 0;
            }
        }
        return len;
    }

    /**
     * A line of the file as text that shows every byte: valid UTF-8 as its characters, any other
     * byte as {@code \xHH} (never U+FFFD), up to 64 KB.
     */
    static String lineShowingBytes(Path file, long lineStart) throws IOException {
        byte[] b;
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(1 << 16,
                    Math.max(0, channel.size() - lineStart)));
            channel.read(buffer, lineStart);
            b = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
        int end = 0;
        while (end < b.length && b[end] != '\n') {
            end++;
        }
        if (end > 0 && b[end - 1] == '\r') {
            end--;
        }
        StringBuilder text = new StringBuilder(end);
        for (int p = 0; p < end; ) {
            int c = b[p] & 0xff;
            int len = c < 0x80 ? 1 : sequence(b, p, end);
            if (len == 0) {
                text.append(String.format(java.util.Locale.ROOT, "\\x%02X", c));
                p++;
            } else {
                text.append(new String(b, p, len, java.nio.charset.StandardCharsets.UTF_8));
                p += len;
            }
        }
        return text.toString();
    }

    /** The line of each offset (ascending), counting line feeds. */
    private static List<Invalid> lines(Path file, List<Long> offsets) throws IOException {
        List<Invalid> out = new ArrayList<>(offsets.size());
        long line = 1;
        long lineStart = 0;
        long at = 0;
        int next = 0;
        byte[] b = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while (next < offsets.size() && (r = in.read(b)) > 0) {
                for (int i = 0; i < r && next < offsets.size(); i++, at++) {
                    while (next < offsets.size() && offsets.get(next) == at) {
                        out.add(new Invalid(at, line, lineStart));
                        next++;
                    }
                    if (b[i] == '\n') {
                        line++;
                        lineStart = at + 1;
                    }
                }
            }
        }
        return out;
    }

    private static boolean anyUndefinedIn1252(Path file) throws IOException {
        byte[] b = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(b)) > 0) {
                for (int i = 0; i < r; i++) {
                    int c = b[i] & 0xff;
                    if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
