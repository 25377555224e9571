package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.FieldConversion;
import io.tributary.clean.RowSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Opens the reader that a spec's {@code format.type} names. */
public final class RowSources {

    private RowSources() {
    }

    public static RowSource open(DatasetSpec.Format format, InputOpener file) throws IOException {
        return open(format, file, null, null);
    }

    /**
     * @param wanted     the columns a pass reads, or null for all
     * @param conversion how the pass converts fields, or null
     * @see RowSource.Opener#open(Set, FieldConversion)
     */
    static RowSource open(DatasetSpec.Format format, InputOpener file, Set<Integer> wanted,
                          FieldConversion conversion) throws IOException {
        return open(format, encoding(format, file), file, wanted, conversion, null);
    }

    /**
     * {@link #open(DatasetSpec.Format, InputOpener, Set, FieldConversion)} with the file's character
     * set known and, for JSON, its columns when an earlier pass found them (else null: found now).
     */
    private static RowSource open(DatasetSpec.Format format, Charset encoding, InputOpener file, Set<Integer> wanted,
                                  FieldConversion conversion, List<String> jsonColumns) throws IOException {
        return switch (format.type()) {
            case "csv" -> {
                yield format.delimiter() >= 128 || format.quote() >= 128
                        // a delimiter or quote that is not ASCII: read as UTF-8 in which each is one mark
                        ? ByteCsvRowSource.marked(Utf8Transcoding.marking(file.open(), encoding, format.delimiter(),
                        format.quote()), format.delimiter(), format.quote(), format.header(), wanted, conversion)
                        : byteReadable(format, encoding)
                        ? new ByteCsvRowSource(file.open(), format.delimiter(), format.quote(), format.header(),
                        encoding, wanted, conversion)
                        // a character set whose separators are not single bytes (UTF-16, say): read as UTF-8
                        : new ByteCsvRowSource(new Utf8Transcoding(file.open(), encoding), format.delimiter(),
                        format.quote(), format.header(), StandardCharsets.UTF_8, wanted, conversion);
            }
            case "jsonl", "json" -> new JsonRowSource(file, format, encoding, jsonColumns, wanted, conversion);
            default -> throw new IllegalArgumentException("unknown format " + format.type());
        };
    }

    /** A local file, opened with a 64 KB buffer each time; its parts can be read at once. */
    public static InputOpener file(Path path) {
        return new InputOpener() {
            @Override
            public InputStream open() throws IOException {
                return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            }

            @Override
            public long size() throws IOException {
                return Files.size(path);
            }

            @Override
            public InputStream open(long from, long to) throws IOException {
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                channel.position(from);
                InputStream in = Channels.newInputStream(channel);
                return new BlockInputStream() {
                    private long left = to - from;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = in.read(b, off, (int) Math.min(len, left));
                        if (n > 0) {
                            left -= n;
                        }
                        return n;
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                };
            }
        };
    }

    /** A JSON file's columns, then the named columns none of its records has. */
    static List<String> withNamedColumns(List<String> found, List<String> named, DatasetSpec.ColumnNames names) {
        Set<String> present = new HashSet<>();
        for (String column : found) {
            present.add(names == DatasetSpec.ColumnNames.SNAKE_CASE ? DatasetSpec.snakeCase(column) : column);
        }
        List<String> columns = new ArrayList<>(found);
        for (String column : named) {
            if (present.add(column)) {
                columns.add(column);
            }
        }
        return columns;
    }

    /** Files smaller than this are read in one part: a second thread would not pay for itself. */
    static final long MIN_PART_BYTES = 1 << 20;

    /** The offset just after the first line feed at or after {@code at}, or -1 when there is none before {@code size}. */
    static long lineStartAfter(InputOpener file, long at, long size) throws IOException {
        try (InputStream in = file.open(at, size)) {
            byte[] buf = new byte[1 << 14];
            long offset = at;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        return offset + i + 1;
                    }
                }
                offset += n;
            }
            return -1;
        }
    }

    private static boolean byteReadable(DatasetSpec.Format format, Charset encoding) {
        return ByteCsvRowSource.supports(encoding) && format.delimiter() < 128 && format.quote() < 128;
    }

    /**
     * The file's character set: the spec's, unless the file starts with a byte-order mark of another
     * (a UTF-16 export under a spec that says UTF-8, say), which names it beyond doubt.
     */
    static Charset encoding(DatasetSpec.Format format, InputOpener file) throws IOException {
        byte[] head;
        try (InputStream in = file.open()) {
            head = in.readNBytes(4);
        }
        Charset marked = TextEncodings.byteOrderMark(head);
        return marked == null || TextEncodings.agree(format.encoding(), marked) ? format.encoding() : marked;
    }

    /**
     * The opener of a file's rows, for the cleaner's passes: read (and, where the reader can,
     * converted) ahead on a second thread.
     */
    public static RowSource.Opener opener(DatasetSpec.Format format, InputOpener file) {
        return opener(format, file, null, List.of());
    }

    /** The opener of a file's rows as a spec reads them: with the columns it names ({@link DatasetSpec#namedFileColumns()}). */
    public static RowSource.Opener opener(DatasetSpec spec, InputOpener file) {
        return opener(spec.format(), file, null, spec.namedFileColumns());
    }

    /**
     * {@link #opener(DatasetSpec.Format, InputOpener)} of a JSON file whose columns a reader of it
     * found already (or null), so that no pass looks for them again.
     *
     * @param namedColumns the columns a spec names ({@link DatasetSpec#namedFileColumns()}): those
     *                     no record of a JSON file has come after the file's, every value missing
     */
    static RowSource.Opener opener(DatasetSpec.Format format, InputOpener file, List<String> knownJsonColumns,
                                   List<String> namedColumns) {
        return new RowSource.Opener() {
            /** The file's character set, found once for all passes. */
            private Charset encoding;
            /** A JSON file's columns, found by the first pass's reader (a pass over the whole file) for all. */
            private List<String> jsonColumns = knownJsonColumns;

            private Charset encoding() throws IOException {
                if (encoding == null) {
                    encoding = RowSources.encoding(format, file);
                }
                return encoding;
            }

            private RowSource source(Set<Integer> wanted, FieldConversion conversion) throws IOException {
                if (jsonColumns == null && !"csv".equals(format.type()) && !namedColumns.isEmpty()) {
                    try (RowSource finder = RowSources.open(format, encoding(), file, Set.of(), null, null)) {
                        jsonColumns = withNamedColumns(finder.columns(), namedColumns, format.columnNames());
                    }
                }
                RowSource source = RowSources.open(format, encoding(), file, wanted, conversion, jsonColumns);
                if (source instanceof JsonRowSource) {
                    jsonColumns = source.columns();
                }
                return source;
            }

            @Override
            public RowSource open() throws IOException {
                return new PrefetchingRowSource(source(null, null));
            }

            @Override
            public RowSource open(Set<Integer> wanted, FieldConversion conversion) throws IOException {
                return new PrefetchingRowSource(source(wanted, conversion));
            }

            /**
             * A CSV or UTF-8 JSON Lines file on disk of at least {@value #MIN_PART_BYTES} bytes in
             * two halves, the second from the first line start after the middle; else in one part.
             */
            @Override
            public List<RowSource> openParts(Set<Integer> wanted, FieldConversion conversion) throws IOException {
                long size = file.size();
                if ("jsonl".equals(format.type()) && size >= MIN_PART_BYTES
                        && encoding().equals(StandardCharsets.UTF_8)) {
                    return jsonLinesParts(size, wanted, conversion);
                }
                if (!"csv".equals(format.type()) || size < MIN_PART_BYTES) {
                    return List.of(open(wanted, conversion));
                }
                Charset encoding = encoding();
                long split = !byteReadable(format, encoding) ? -1 : lineStartAfter(file, size / 2, size);
                if (split <= 0 || split >= size) {
                    return List.of(open(wanted, conversion));
                }
                ByteCsvRowSource first;
                InputStream firstHalf = file.open(0, split);
                try {
                    first = new ByteCsvRowSource(firstHalf, format.delimiter(), format.quote(),
                            format.header(), encoding, wanted, conversion);
                } catch (IOException e) {
                    // a header the split cuts (a quoted name of many lines): the file whole says what it is
                    firstHalf.close();
                    return List.of(open(wanted, conversion));
                }
                try {
                    return List.of(first, ByteCsvRowSource.part(file.open(split, size), format.delimiter(),
                            format.quote(), first.columns(), encoding, wanted, conversion));
                } catch (IOException | RuntimeException e) {
                    first.close();
                    throw e;
                }
            }

            /** A JSON Lines file's halves, each read with the columns the whole file has (found first where not yet known). */
            private List<RowSource> jsonLinesParts(long size, Set<Integer> wanted, FieldConversion conversion)
                    throws IOException {
                if (jsonColumns == null) {
                    source(null, null).close();
                }
                long split = lineStartAfter(file, size / 2, size);
                if (split <= 0 || split >= size) {
                    return List.of(open(wanted, conversion));
                }
                JsonRowSource first = JsonRowSource.part(file, 0, split, format, jsonColumns, wanted, conversion);
                try {
                    return List.of(first, JsonRowSource.part(file, split, size, format, jsonColumns, wanted, conversion));
                } catch (IOException | RuntimeException e) {
                    first.close();
                    throw e;
                }
            }
        };
    }
}
