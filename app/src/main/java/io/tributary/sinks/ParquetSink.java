package io.tributary.sinks;

import io.tributary.catalog.LakeTable;

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
import java.util.Map;
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

    /**
     * Before any sink of the file publishes: this file's table against the lake's catalog (a type
     * change older files cannot follow fails the file, with nothing uploaded).
     */
    @Override
    public void checkBeforePublishing(Target target) throws IOException {
        catalogued(target);
    }

    /** This file's table, the catalog's, and how the first evolves the second (null: no table yet). */
    private record Catalogued(LakeTable table, LakeTable.Evolution evolution) {
        LakeTable current() {
            return evolution == null ? table : evolution.table();
        }

        boolean changed() {
            return evolution == null || !evolution.changes().isEmpty();
        }
    }

    private Catalogued catalogued(Target target) throws IOException {
        LakeTable table = LakeTable.of(file.dataset(), target.uri(curatedPrefix()), writer.columns(), writer.types(),
                options, spec::decimal);
        return new Catalogued(table, target.readText(catalogKey()).map(ddl -> LakeTable.fromDdl(ddl, target.uri(catalogKey()))).map(table::evolve)
                .orElse(null));
    }

    /** The partitions this clean wrote: values in the table's order (null as Hive's default partition), folder URI. */
    private List<Map.Entry<List<String>, String>> partitions(Target target, LakeTable table) {
        Map<String, Map.Entry<List<String>, String>> byFolder = new java.util.LinkedHashMap<>();
        for (ParquetPartitionWriter.Written w : writer.written()) {
            int slash = w.path().lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            String folder = w.path().substring(0, slash + 1);
            List<String> values = table.partitions().stream().map(p -> w.partition().get(p.name()))
                    .map(v -> v == null ? io.tributary.lake.HivePartitions.DEFAULT_PARTITION : v).toList();
            byFolder.putIfAbsent(folder, Map.entry(values, target.uri(curatedPrefix() + folder)));
        }
        return List.copyOf(byFolder.values());
    }

    private String curatedPrefix() {
        return file.layout().curatedPrefix() + file.dataset() + "/";
    }

    private String catalogKey() {
        return file.layout().catalogPrefix() + file.dataset() + ".sql";
    }

    /**
     * Uploads the files, then writes the table's definition and DDL when the table is new or
     * changed (checked again here: another file of the dataset may have changed it since).
     */
    @Override
    public List<Written> publish(Target target) throws IOException {
        Catalogued catalogued = catalogued(target);
        List<Written> written = new ArrayList<>();
        for (ParquetPartitionWriter.Written w : writer.written()) {
            String uri = target.upload(curatedPrefix() + w.path(), local.resolve(w.path()),
                    "application/vnd.apache.parquet");
            written.add(new Written(key(), uri, w.rows(), String.format(Locale.ROOT, "%d rows", w.rows())));
        }
        if (written.isEmpty() && catalogued.evolution() == null) {
            return written; // no table before, no files now: nothing to catalogue yet
        }
        LakeTable current = catalogued.current();
        target.registerTable(current, catalogued.changed(), partitions(target, current));
        if (catalogued.changed()) {
            target.putShared(catalogKey(), current.ddl(), "application/sql");
            LOG.infof("Catalog %s: %s", target.uri(catalogKey()), catalogued.evolution() == null
                    ? "new table" : String.join(", ", catalogued.evolution().changes()));
        }
        return written;
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ParquetSink.class);
}
