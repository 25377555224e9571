package io.tributary.format;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RowSource;

import java.io.IOException;
import java.io.InputStream;

/** Opens the reader that a spec's {@code format.type} names. */
public final class RowSources {

    private RowSources() {
    }

    public static RowSource open(DatasetSpec.Format format, InputStream in) throws IOException {
        return switch (format.type()) {
            case "csv" -> new CsvRowSource(in, format.delimiter(), format.quote(), format.header());
            case "jsonl" -> new JsonRowSource(in, true);
            case "json" -> new JsonRowSource(in, false);
            default -> throw new IllegalArgumentException("unknown format " + format.type());
        };
    }
}
