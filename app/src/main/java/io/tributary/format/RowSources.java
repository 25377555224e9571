package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.FieldConversion;
import io.tributary.clean.RowSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return switch (format.type()) {
            case "csv" -> ByteCsvRowSource.supports(format.encoding()) && format.delimiter() < 128
                    && format.quote() < 128
                    ? new ByteCsvRowSource(file.open(), format.delimiter(), format.quote(), format.header(),
                    format.encoding(), wanted, conversion)
                    : new CsvRowSource(file.open(), format.delimiter(), format.quote(), format.header(),
                    format.encoding());
            case "jsonl", "json" -> new JsonRowSource(file, format);
            default -> throw new IllegalArgumentException("unknown format " + format.type());
        };
    }

    /** A local file, opened with a 64 KB buffer each time. */
    public static InputOpener file(Path path) {
        return () -> new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    }

    /**
     * The opener of a file's rows, for the cleaner's passes: read (and, where the reader can,
     * converted) ahead on a second thread.
     */
    public static RowSource.Opener opener(DatasetSpec.Format format, InputOpener file) {
        return new RowSource.Opener() {
            @Override
            public RowSource open() throws IOException {
                return new PrefetchingRowSource(RowSources.open(format, file, null, null));
            }

            @Override
            public RowSource open(Set<Integer> wanted, FieldConversion conversion) throws IOException {
                RowSource source = RowSources.open(format, file, wanted, conversion);
                if (conversion != null && !(source instanceof ByteCsvRowSource)) {
                    source = new ConvertingRowSource(source, conversion, wanted);
                }
                return new PrefetchingRowSource(source);
            }
        };
    }
}
