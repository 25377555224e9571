package io.tributary.sinks;

import io.tributary.clean.DatasetSpec;
import io.tributary.clean.DecimalCheck;
import io.tributary.clean.OutputCheck;
import io.tributary.clean.RowSink;
import io.tributary.format.BackgroundRowSink;
import io.tributary.lake.ParquetPartitionWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code output.parquet}: the lake. Typed Parquet under
 * {@code <curated-prefix><dataset>/[<col>=<value>/...]<file>-<version>.parquet}, one file per
 * partition (more when a partition outgrows the memory budget: {@code ...-2.parquet}).
 */
final class ParquetSink implements Sink {

    private final CleanFile file;
    private final DatasetSpec spec;
    private final DatasetSpec.Parquet options;
    private final Path local;
    private ParquetPartitionWriter writer;

    ParquetSink(CleanFile file, DatasetSpec spec) {
        this.file = file;
        this.spec = spec;
        this.options = spec.parquet();
        this.local = file.folder().resolve("parquet");
    }

    @Override
    public String key() {
        return "parquet";
    }

    @Override
    public RowSink writer() {
        String stem = options.fileName().replace("{stem}", file.stem()).replace("{version}", file.version())
                .replace("{cleaned_at}", file.cleanedAtCompact());
        writer = new ParquetPartitionWriter(local, stem, new ParquetPartitionWriter.Options(options.partitionBy(),
                options.compression(), options.rowGroupMb() * 1024L * 1024L, options.maxPartitions(),
                file.layout().parquetMemoryBytes()), spec::decimal);
        // encoding and compressing Parquet costs as much as the CSV and JSON Lines formatting together:
        // it runs on a thread of its own beside them
        return BackgroundRowSink.onItsOwnThread(writer, "tributary-parquet");
    }

    /**
     * A Parquet decimal has a fixed shape: a plain {@code decimal} must fit the default one (declared
     * shapes are checked for every output already, by the clean).
     */
    @Override
    public List<OutputCheck> checks() {
        var declared = spec.declaredDecimals();
        return List.of(new DecimalCheck(column -> declared.containsKey(column) ? null : DatasetSpec.Decimal.DEFAULT));
    }

    @Override
    public List<Written> publish(Target target) throws IOException {
        List<Written> written = new ArrayList<>();
        String prefix = file.layout().curatedPrefix() + file.dataset() + "/";
        for (ParquetPartitionWriter.Written w : writer.written()) {
            String uri = target.upload(prefix + w.path(), local.resolve(w.path()), "application/vnd.apache.parquet");
            written.add(new Written(key(), uri, w.rows(), String.format(Locale.ROOT, "%d rows", w.rows())));
        }
        return written;
    }
}
