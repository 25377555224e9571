package io.tributary.camel;

import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One raw object going through the clean flow: what it is, where its spooled files are, what was done. */
public final class CleanJob {

    final ObjectCreated object;
    final DatasetSpec spec;
    final String fileName;
    final Path spool;
    final long startedNanos = System.nanoTime();
    final List<String> outputs = new ArrayList<>();
    CleanSummary summary;
    long itemsWritten;

    CleanJob(ObjectCreated object, DatasetSpec spec, String fileName, Path spool) {
        this.object = object;
        this.spec = spec;
        this.fileName = fileName;
        this.spool = spool;
    }

    public ObjectCreated object() {
        return object;
    }

    public DatasetSpec spec() {
        return spec;
    }

    public CleanSummary summary() {
        return summary;
    }

    public List<String> outputs() {
        return List.copyOf(outputs);
    }

    Path raw() {
        return spool.resolve("raw");
    }

    Path cleanCsv() {
        return spool.resolve("clean.csv");
    }

    Path cleanJsonl() {
        return spool.resolve("clean.jsonl");
    }

    Path items() {
        return spool.resolve("items.jsonl");
    }

    /** The clean outputs' base name: the raw file name without its extension. */
    String baseName() {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
