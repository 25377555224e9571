package io.tributary.sinks;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.OutputCheck;
import io.tributary.clean.RowSink;
import io.tributary.format.FileCleaning;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The sinks of one file, as its spec declares them under {@code output}, in the order they publish. */
public final class Sinks implements FileCleaning.Writers {

    /** Each kind of sink, by the options class its spec key parses to. */
    private static final Map<Class<? extends DatasetSpec.SinkOptions>, BiFunction<CleanFile, DatasetSpec, Sink>> KINDS
            = new LinkedHashMap<>();

    static {
        KINDS.put(DatasetSpec.Csv.class, (file, spec) -> CleanFileSink.csv(file));
        KINDS.put(DatasetSpec.JsonLines.class, (file, spec) -> CleanFileSink.jsonLines(file));
        KINDS.put(DatasetSpec.Parquet.class, ParquetSink::new);
        KINDS.put(DatasetSpec.DynamoDb.class, DynamoDbSink::new);
        KINDS.put(DatasetSpec.Warehouse.class, WarehouseSink::new);
    }

    private final CleanFile file;
    private final List<Sink> sinks = new ArrayList<>();

    /** The sinks of a file, made once its spec is known ({@link #open}). */
    public Sinks(CleanFile file) {
        this.file = file;
    }

    @Override
    public FileCleaning.Opened open(DatasetSpec spec) throws IOException {
        sinks.clear();
        for (DatasetSpec.SinkOptions options : spec.output().sinks().values()) {
            if (!options.takesCleanRows()) {
                continue;
            }
            BiFunction<CleanFile, DatasetSpec, Sink> kind = KINDS.get(options.getClass());
            if (kind == null) {
                throw new IllegalStateException("no sink for " + options.getClass().getSimpleName());
            }
            sinks.add(kind.apply(file, spec));
        }
        List<RowSink> writers = new ArrayList<>();
        List<OutputCheck> checks = new ArrayList<>();
        try {
            for (Sink sink : sinks) {
                writers.add(sink.writer());
                checks.addAll(sink.checks());
            }
        } catch (IOException | RuntimeException e) {
            for (RowSink opened : writers) {
                try {
                    opened.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new FileCleaning.Opened(writers, checks);
    }

    /** These sinks' writers and checks, and one more writer that sees the same clean rows (a preview, a test's copy). */
    public FileCleaning.Writers alsoTo(RowSink extra) {
        return spec -> {
            FileCleaning.Opened opened = open(spec);
            List<RowSink> writers = new ArrayList<>(opened.writers());
            writers.add(extra);
            return new FileCleaning.Opened(writers, opened.checks());
        };
    }

    /** The sinks, once opened. */
    public List<Sink> all() {
        return List.copyOf(sinks);
    }

    public CleanFile file() {
        return file;
    }
}
