package io.tributary.sinks;

import io.tributary.clean.RowSink;
import io.tributary.format.CsvRowWriter;
import io.tributary.format.FileCleaning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code output.csv}: the clean rows as CSV, {@code <clean-prefix><dataset>/<file>.csv}. */
final class CsvSink implements Sink {

    private final CleanFile file;
    private final Path local;
    private long rows;

    CsvSink(CleanFile file) {
        this.file = file;
        this.local = file.folder().resolve("clean.csv");
    }

    @Override
    public String key() {
        return "csv";
    }

    @Override
    public RowSink writer() throws IOException {
        return new CountingRows(new CsvRowWriter(FileCleaning.buffered(local)), n -> rows = n);
    }

    @Override
    public List<Written> publish(Target target) throws IOException {
        String uri = target.upload(file.layout().cleanPrefix() + file.dataset() + "/" + file.stem() + ".csv", local,
                "text/csv");
        return List.of(new Written(key(), uri, rows, null));
    }
}
