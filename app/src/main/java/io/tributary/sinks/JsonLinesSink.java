package io.tributary.sinks;

import io.tributary.clean.RowSink;
import io.tributary.format.FileCleaning;
import io.tributary.format.JsonLinesRowWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code output.jsonl}: the clean rows as JSON Lines, {@code <clean-prefix><dataset>/<file>.jsonl}. */
final class JsonLinesSink implements Sink {

    private final CleanFile file;
    private final Path local;
    private long rows;

    JsonLinesSink(CleanFile file) {
        this.file = file;
        this.local = file.folder().resolve("clean.jsonl");
    }

    @Override
    public String key() {
        return "jsonl";
    }

    @Override
    public RowSink writer() throws IOException {
        return new CountingRows(new JsonLinesRowWriter(FileCleaning.buffered(local)), n -> rows = n);
    }

    @Override
    public List<Written> publish(Target target) throws IOException {
        String uri = target.upload(file.layout().cleanPrefix() + file.dataset() + "/" + file.stem() + ".jsonl",
                local, "application/x-ndjson");
        return List.of(new Written(key(), uri, rows, null));
    }
}
