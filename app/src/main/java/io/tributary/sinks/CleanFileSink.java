package io.tributary.sinks;

import io.tributary.clean.RowSink;
import io.tributary.format.CsvRowWriter;
import io.tributary.format.FileCleaning;
import io.tributary.format.JsonLinesRowWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * {@code output.csv} and {@code output.jsonl}: the clean rows as one file,
 * {@code <clean-prefix><dataset>/<file>.csv} or {@code .jsonl}.
 */
final class CleanFileSink implements Sink {

    static CleanFileSink csv(CleanFile file) {
        return new CleanFileSink(file, "csv", "text/csv", CsvRowWriter::new);
    }

    static CleanFileSink jsonLines(CleanFile file) {
        return new CleanFileSink(file, "jsonl", "application/x-ndjson", JsonLinesRowWriter::new);
    }

    private final CleanFile file;
    private final String extension;
    private final String contentType;
    private final Function<OutputStream, RowSink> format;
    private final Path local;
    private long rows;

    private CleanFileSink(CleanFile file, String extension, String contentType, Function<OutputStream, RowSink> format) {
        this.file = file;
        this.extension = extension;
        this.contentType = contentType;
        this.format = format;
        this.local = file.folder().resolve("clean." + extension);
    }

    @Override
    public String key() {
        return extension;
    }

    @Override
    public RowSink writer() throws IOException {
        return new CountingRows(format.apply(FileCleaning.buffered(local)), n -> rows = n);
    }

    @Override
    public List<Written> publish(Target target) throws IOException {
        String uri = target.upload(file.layout().cleanPrefix() + file.dataset() + "/" + file.stem() + "." + extension,
                local, contentType);
        return List.of(new Written(key(), uri, rows, null));
    }
}
