package io.tributary.camel;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.api.ApiExtractor;
import io.tributary.aws.GlueCatalog;
import io.tributary.aws.JobStates;
import io.tributary.aws.RawStore;
import io.tributary.aws.StateLedger;
import io.tributary.catalog.LakeTable;
import io.tributary.clean.DatasetSpec;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sink;
import io.tributary.sinks.Sinks;
import io.tributary.sinks.Target;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The export flow's steps: which datasets are due ({@link #due}: each spec with an {@code export}
 * key, on its schedule) and one run of one ({@link #export}): the clean rows of every raw object
 * whose clean ended since the last export's watermark, their latest version by the export's key,
 * as Parquet partitioned as it says, under {@code <export-prefix><dataset>_export/}, named by the
 * watermark range; then the watermark.
 *
 * <p>Where "changed since" comes from: the state table already says when each raw object's clean
 * ended, and each clean wrote its rows as JSON Lines. For an API source, each run's raw object
 * holds exactly the records created or changed since the run before, so the rows cleaned in a
 * window are the changes of that window, with no scan of the dataset's table and no limit on how
 * far back a run after downtime reaches (DynamoDB Streams keep 24 hours).
 */
@Singleton
@Named("datasetExports")
public class DatasetExports {

    private static final Logger LOG = Logger.getLogger(DatasetExports.class);
    private static final DateTimeFormatter TAG = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final TributaryConfig config;
    private final Datasets datasets;
    private final RawStore store;
    private final StateLedger ledger;
    private final JobStates states;
    private final GlueCatalog glue;
    private final Clock clock = Clock.systemUTC();
    private final Schedules schedules;

    public DatasetExports(TributaryConfig config, Datasets datasets, RawStore store, StateLedger ledger,
                          JobStates states, GlueCatalog glue) {
        this.config = config;
        this.datasets = datasets;
        this.store = store;
        this.ledger = ledger;
        this.states = states;
        this.glue = glue;
        this.schedules = new Schedules("export", spec -> spec.export() == null ? null : spec.export().schedule(),
                config.export().schedule());
    }

    /** The datasets whose export is due. */
    public List<String> due() {
        return schedules.due(datasets.all(), dataset -> states.get(JobStates.EXPORT, dataset)
                .map(JobStates.State::lastRun), clock.instant());
    }

    /** A raw object cleaned in the window: its key, when its clean ended, and its clean JSON Lines. */
    record Cleaned(String rawKey, Instant at, String jsonl) {
    }

    /**
     * One export of a dataset: the rows cleaned in [watermark, now - settle), or nothing (the
     * watermark still moves on). Files an interrupted run left for the same watermark are
     * replaced, so a repeated run never exports a change twice.
     */
    public void export(String dataset) throws IOException {
        Instant started = clock.instant();
        DatasetSpec spec = schedules.start(datasets.all(), dataset, started);
        Optional<JobStates.State> state = states.get(JobStates.EXPORT, dataset);
        Instant from = state.map(JobStates.State::cursor).map(c -> Instant.parse(c.value())).orElse(Instant.EPOCH);
        Instant to = started.minus(config.export().settle()).truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            return;
        }
        List<Cleaned> window = cleanedBetween(dataset, from, to);
        String name = dataset + "_export";
        String stem = dataset + "-" + TAG.format(from) + "-" + TAG.format(to);
        String table = config.exportPrefix() + name + "/";
        String attempt = "-" + TAG.format(from) + "-";
        // what an interrupted run from this same watermark wrote is replaced, never added to
        for (var o : store.list(table)) {
            if (o.key().contains("/" + dataset + attempt) && o.key().endsWith(".parquet")) {
                store.delete(o.key());
            }
        }
        if (window.isEmpty()) {
            LOG.infof("Export %s: nothing cleaned from %s to %s", dataset, from, to);
            states.save(JobStates.EXPORT, dataset, new JobStates.State(new ApiExtractor.Cursor(to.toString(), List.of()),
                    started));
            return;
        }
        Path spool = Files.createDirectories(Path.of(config.spoolDir())).resolve("export-" + dataset);
        try {
            CleanJobs.deleteSpool(spool);                           // a killed run's leftovers
            Files.createDirectories(spool);
            Path rows = spool.resolve(stem + ".jsonl");
            try (OutputStream out = Files.newOutputStream(rows)) {
                for (Cleaned c : window) {
                    Path part = spool.resolve("part.jsonl");
                    store.download(c.jsonl(), part);
                    Files.copy(part, out);
                    Files.delete(part);
                }
            }
            LakeTable lake = LakeTable.fromDdl(store.readText(config.catalogPrefix() + dataset + ".sql").orElseThrow(
                    () -> new IllegalStateException(dataset + ": the lake has no table yet (" + config.catalogPrefix()
                            + dataset + ".sql); the export types its rows as that table")),
                    "s3://" + store.bucket() + "/" + config.catalogPrefix() + dataset + ".sql");
            DatasetSpec exportSpec = DatasetSpec.parse(exportSpec(name, lake, spec.export(), stem),
                    "export of " + dataset, config.tablePrefix());
            Path folder = Files.createDirectories(spool.resolve("out"));
            Sinks sinks = new Sinks(new CleanFile(name, stem, "export", "export", started, folder, new CleanFile.Layout(
                    config.cleanPrefix(), config.exportPrefix(), config.catalogPrefix(),
                    config.parquetMemoryMb() * 1024L * 1024L)));
            FileCleaning.Result result = FileCleaning.clean(exportSpec, name, stem + ".jsonl", config.tablePrefix(), rows,
                    spool.resolve("rejected.csv"), sinks, rejected -> LOG.warnf("Export %s: row %d not exported [%s]: %s",
                            dataset, rejected.line(), rejected.rule(), rejected.reason()));
            Target target = new ExportTarget();
            long files = 0;
            for (Sink sink : sinks.all()) {
                sink.checkBeforePublishing(target);
            }
            for (Sink sink : sinks.all()) {
                files += sink.publish(target).size();
            }
            var summary = result.report().summary();
            LOG.infof("Export %s: %d rows from %d cleaned file%s (%s to %s), %d rows out (the latest by %s), %d Parquet"
                            + " files → s3://%s/%s", dataset, summary.rowsIn(), window.size(), window.size() == 1 ? "" : "s",
                    from, to, summary.rowsOut(),
                    spec.export().key().isEmpty() ? "no key: every row" : String.join(", ", spec.export().key()),
                    files, store.bucket(), table);
            states.save(JobStates.EXPORT, dataset, new JobStates.State(new ApiExtractor.Cursor(to.toString(), List.of()),
                    started));
        } finally {
            CleanJobs.deleteSpool(spool);
        }
    }

    /** The raw objects of the dataset whose clean ended in [from, to), in that order, with their clean JSON Lines. */
    List<Cleaned> cleanedBetween(String dataset, Instant from, Instant to) {
        List<Cleaned> cleaned = new ArrayList<>();
        for (var o : store.list(config.rawPrefix() + dataset + "/")) {
            Optional<StateLedger.ObjectState> s = ledger.objectState(o.key());
            if (s.isEmpty() || !"cleaned".equals(s.get().status())) {
                continue;
            }
            AttributeValue at = s.get().attributes().get("at");
            Instant when = at == null ? null : Instant.parse(at.s());
            if (when == null || when.isBefore(from) || !when.isBefore(to)) {
                continue;
            }
            AttributeValue outputs = s.get().attributes().get("output_keys");
            String jsonl = outputs == null ? null : outputs.ss().stream()
                    .filter(k -> k.startsWith(config.cleanPrefix()) && k.endsWith(".jsonl")).findFirst().orElse(null);
            if (jsonl == null) {
                throw new IllegalStateException(o.key() + " was cleaned without clean JSON Lines (output.jsonl), which"
                        + " the export reads");
            }
            cleaned.add(new Cleaned(o.key(), when, jsonl));
        }
        cleaned.sort(Comparator.comparing(Cleaned::at).thenComparing(Cleaned::rawKey));
        return cleaned;
    }

    /** The spec that types the clean JSON Lines as the lake's table and writes the export's Parquet. */
    static String exportSpec(String name, LakeTable lake, DatasetSpec.Export export, String stem) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("name: ").append(name).append('\n');
        yaml.append("match: [\"*\"]\n");
        yaml.append("format: {type: jsonl, null_values: []}\n");
        yaml.append("columns:\n");
        List<LakeTable.Column> all = new ArrayList<>(lake.columns());
        all.addAll(lake.partitions());
        for (LakeTable.Column c : all) {
            yaml.append("  ").append(quote(c.name())).append(": ").append(quote(specType(c.type()))).append('\n');
        }
        yaml.append("duplicates: ").append(export.key().isEmpty() ? "none" : "{columns: ["
                + export.key().stream().map(DatasetExports::quote).collect(Collectors.joining(", ")) + "], keep: last}")
                .append('\n');
        yaml.append("output:\n  parquet: {partition_by: [")
                .append(export.partitionBy().stream().map(DatasetExports::quote).collect(Collectors.joining(", ")))
                .append("], compression: ").append(export.compression()).append(", file_name: ").append(quote(stem))
                .append("}\n");
        return yaml.toString();
    }

    /** The spec type of an Athena type as {@link LakeTable#athenaType} writes it. */
    static String specType(String athena) {
        return switch (athena) {
            case "int" -> "int";
            case "bigint" -> "long";
            case "double" -> "double";
            case "boolean" -> "boolean";
            case "date" -> "date";
            case "timestamp" -> "timestamp";
            case "string" -> "string";
            default -> {
                if (athena.startsWith("decimal(")) {
                    yield athena;
                }
                throw new IllegalArgumentException("the lake's type " + athena + " has no spec type");
            }
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The export's objects: uploaded as they are, its table kept in the catalog and Glue like the lake's. */
    private final class ExportTarget implements Target {
        @Override
        public String upload(String key, Path file, String contentType) {
            store.put(key, file, contentType);
            return uri(key);
        }

        @Override
        public String uri(String key) {
            return "s3://" + store.bucket() + "/" + key;
        }

        @Override
        public Optional<String> readText(String key) {
            return store.readText(key);
        }

        @Override
        public String putShared(String key, String text, String contentType) {
            store.put(key, text.getBytes(StandardCharsets.UTF_8), contentType);
            return uri(key);
        }

        @Override
        public void registerTable(LakeTable table, boolean changed, List<Map.Entry<List<String>, String>> partitions) {
            glue.register(table, changed, partitions.stream()
                    .map(p -> new GlueCatalog.Partition(p.getKey(), p.getValue())).toList());
        }

        @Override
        public Loaded load(DatasetSpec spec, Path items, List<String> keyColumns) {
            throw new UnsupportedOperationException("an export writes Parquet only");
        }
    }

    /** The route's error step: says which export failed and why; the watermark stays, the next run tries again. */
    public void failed(org.apache.camel.Exchange exchange) {
        LOG.errorf("Export %s failed: %s; the watermark stays where it was, the next run tries again",
                exchange.getIn().getBody(String.class), Schedules.failure(exchange));
    }
}
