package io.tributary.format;

import io.tributary.clean.ColumnType;
import io.tributary.clean.OutputCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Rows of a file whose bytes do not all fit its character set: a row that holds a character its
 * bytes could not be decoded to (U+FFFD) is rejected as {@value #RULE}, naming the line and byte
 * offset, instead of going out changed; the rejected rows show its line with each such byte as
 * {@code \xHH}, not as U+FFFD. Used only when the {@link EncodingScan} found such bytes.
 */
final class EncodingCheck implements OutputCheck {

    static final String RULE = "encoding";

    private final EncodingScan.Result scan;
    private final Charset encoding;
    private final Path file;

    EncodingCheck(EncodingScan.Result scan, Charset encoding, Path file) {
        this.scan = scan;
        this.encoding = encoding;
        this.file = file;
    }

    @Override
    public void start(List<String> columns, List<ColumnType> types) {
    }

    @Override
    public Refusal refusal(long line, Object[] row) {
        for (Object v : row) {
            if (v instanceof String s && s.indexOf('\uFFFD') >= 0) {
                EncodingScan.Invalid at = scan.firstFrom(line);
                if (at == null && scan.replacement()) {
                    return null; // the file's own U+FFFD, not a decoding's
                }
                if (at == null) {
                    return new Refusal(RULE, "bytes that are not valid " + encoding.name() + " (the file's character set)");
                }
                String shown;
                try {
                    shown = EncodingScan.lineShowingBytes(file, at.lineStart());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new Refusal(RULE, String.format(Locale.ROOT, "bytes at offset %d (line %d) are not valid %s"
                        + " (the file's character set): the row is set aside rather than changed", at.offset(),
                        at.line(), encoding.name()), shown);
            }
        }
        return null;
    }
}
