package io.tributary.camel;

import io.tributary.TributaryConfig;
import io.tributary.aws.DynamoDbLoader;
import io.tributary.aws.RawStore;
import io.tributary.aws.StateLedger;
import io.tributary.clean.CleanSummary;
import io.tributary.clean.Cleaner;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.clean.RowSource;
import io.tributary.format.CsvRowWriter;
import io.tributary.format.JsonLinesRowWriter;
import io.tributary.format.RowSinks;
import io.tributary.format.RowSources;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The clean flow's steps, in route order: open (choose the spec, spool the raw object), clean
 * (one streaming pass to CSV and JSON Lines), publish (to clean/), load (into DynamoDB) and finish
 * (ledger, one summary line); fail explains and records a failure.
 */
@Singleton
@Named("cleanJobs")
public class CleanJobs {

    /** The logger of the one-line-per-file summaries. */
    public static final Logger SUMMARY = Logger.getLogger("tributary.summary");
    private static final Logger LOG = Logger.getLogger(CleanJobs.class);
    static final int REJECTS_LOGGED = 20;

    private final TributaryConfig config;
    private final Datasets datasets;
    private final RawStore store;
    private final StateLedger ledger;
    private final DynamoDbLoader loader;
    private final RawObjectWatcher watcher;

    public CleanJobs(TributaryConfig config, Datasets datasets, RawStore store, StateLedger ledger,
                     DynamoDbLoader loader, RawObjectWatcher watcher) {
        this.config = config;
        this.datasets = datasets;
        this.store = store;
        this.ledger = ledger;
        this.loader = loader;
        this.watcher = watcher;
    }

    public CleanJob open(ObjectCreated object) throws IOException {
        String key = object.key();
        String relative = key.startsWith(config.rawPrefix()) ? key.substring(config.rawPrefix().length()) : key;
        int slash = relative.lastIndexOf('/');
        String fileName = relative.substring(slash + 1);
        String dataset = slash > 0 ? relative.substring(0, relative.indexOf('/')) : null;
        DatasetSpec spec = datasets.forRawObject(dataset, fileName).orElseThrow(() -> new IllegalStateException(
                "no dataset spec for " + key + ": add one to " + datasets.dir() + " whose name is '" + dataset
                        + "' or whose match globs claim '" + fileName + "'"));
        Path spool = Path.of(config.spoolDir(), UUID.randomUUID().toString());
        CleanJob job = new CleanJob(object, spec, fileName, spool);
        store.download(key, job.raw());
        return job;
    }

    public CleanJob clean(CleanJob job) throws IOException {
        Cleaner cleaner = new Cleaner(job.spec);
        List<RejectedRow> logged = new ArrayList<>();
        AtomicLong rejectedCount = new AtomicLong();
        String rowIdPrefix = job.spec.dynamodb().partitionKey() == null ? job.object.key() : null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(job.raw()), 1 << 16);
             RowSource source = RowSources.open(job.spec.format(), in);
             OutputStream csv = new BufferedOutputStream(Files.newOutputStream(job.cleanCsv()), 1 << 16);
             OutputStream jsonl = new BufferedOutputStream(Files.newOutputStream(job.cleanJsonl()), 1 << 16);
             OutputStream items = new BufferedOutputStream(Files.newOutputStream(job.items()), 1 << 16);
             RowSinks sinks = new RowSinks(List.of(new CsvRowWriter(csv), new JsonLinesRowWriter(jsonl),
                     rowIdPrefix == null ? new JsonLinesRowWriter(items)
                             : new JsonLinesRowWriter(items, DynamoDbLoader.ROW_ID, rowIdPrefix)))) {
            job.summary = cleaner.run(source, sinks, rejected -> {
                if (rejectedCount.incrementAndGet() <= REJECTS_LOGGED) {
                    logged.add(rejected);
                }
            });
        }
        for (RejectedRow row : logged) {
            LOG.warnf("%s line %d rejected [%s]: %s", job.object.key(), row.line(), row.rule(), row.reason());
        }
        if (rejectedCount.get() > REJECTS_LOGGED) {
            LOG.warnf("%s: %d more rejected rows not shown", job.object.key(), rejectedCount.get() - REJECTS_LOGGED);
        }
        return job;
    }

    public CleanJob publish(CleanJob job) {
        String prefix = config.cleanPrefix() + job.spec.name() + "/" + job.baseName();
        store.put(prefix + ".csv", job.cleanCsv(), "text/csv");
        job.outputs.add("s3://" + store.bucket() + "/" + prefix + ".csv");
        store.put(prefix + ".jsonl", job.cleanJsonl(), "application/x-ndjson");
        job.outputs.add("s3://" + store.bucket() + "/" + prefix + ".jsonl");
        return job;
    }

    public CleanJob load(CleanJob job) throws IOException {
        DatasetSpec.DynamoDb table = job.spec.dynamodb();
        List<String> keys = table.partitionKey() == null ? List.of(DynamoDbLoader.ROW_ID)
                : table.sortKey() == null ? List.of(table.partitionKey())
                : List.of(table.partitionKey(), table.sortKey());
        job.itemsWritten = loader.load(job.items(), table.table(), keys);
        job.outputs.add("dynamodb:" + table.table() + " (" + job.itemsWritten + " items)");
        return job;
    }

    public void finish(CleanJob job) {
        CleanSummary s = job.summary;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - job.startedNanos);
        Map<String, AttributeValue> record = new HashMap<>();
        record.put("dataset", AttributeValue.fromS(job.spec.name()));
        record.put("rows_in", AttributeValue.fromN(Long.toString(s.rowsIn())));
        record.put("rows_out", AttributeValue.fromN(Long.toString(s.rowsOut())));
        record.put("dropped", AttributeValue.fromM(counts(s.dropped())));
        record.put("rejected", AttributeValue.fromM(counts(s.rejected())));
        record.put("items_written", AttributeValue.fromN(Long.toString(job.itemsWritten)));
        record.put("outputs", AttributeValue.fromSs(job.outputs));
        record.put("duration_ms", AttributeValue.fromN(Long.toString(millis)));
        ledger.recordCleaned(job.object.key(), job.object.etag(), record);
        watcher.cleaned(job.object);
        SUMMARY.info(summaryLine(job, millis));
        deleteSpool(job.spool);
    }

    /**
     * {@code raw/<dataset>/<file> [dataset]: rows in N, out N, dropped N (rule=N, ...), rejected N
     * (rule=N, ...); wrote <outputs>; N.N s}
     */
    static String summaryLine(CleanJob job, long millis) {
        CleanSummary s = job.summary;
        return String.format("%s [%s]: rows in %d, out %d, dropped %d%s, rejected %d%s; wrote %s; %.1f s",
                job.object.key(), job.spec.name(), s.rowsIn(), s.rowsOut(), s.droppedTotal(), detail(s.dropped()),
                s.rejectedTotal(), detail(s.rejected()), String.join(", ", job.outputs), millis / 1000.0);
    }

    /** Explains a failure of the clean flow, records it in the ledger and keeps the raw object as it is. */
    public void fail(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = exchange.getIn().getBody();
        ObjectCreated object = body instanceof CleanJob job ? job.object
                : exchange.getProperty("tributary.object", ObjectCreated.class);
        String reason = e == null ? "unknown error" : e.getMessage() == null ? e.toString() : e.getMessage();
        String key = object == null ? "(unknown object)" : object.key();
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s3 && s3.statusCode() == 404)) {
            // deleted between its event and now (or an S3 implementation's temporary upload object)
            LOG.infof("%s is gone from the bucket; nothing to clean", key);
            if (body instanceof CleanJob job) {
                deleteSpool(job.spool);
            }
            return;
        }
        LOG.errorf("Cleaning %s failed: %s (the raw object is kept as it was; it is retried when it changes "
                + "or Tributary restarts)", key, reason);
        if (e != null) {
            LOG.debug("cause", e);
        }
        if (object != null) {
            watcher.failed(object);
            try {
                ledger.recordFailed(object.key(), object.etag(), reason);
            } catch (RuntimeException ledgerFailure) {
                LOG.warnf("Could not record the failure of %s in the state table: %s", key,
                        ledgerFailure.getMessage());
            }
        }
        if (body instanceof CleanJob job) {
            deleteSpool(job.spool);
        }
    }

    private static Map<String, AttributeValue> counts(Map<String, Long> counts) {
        Map<String, AttributeValue> m = new HashMap<>();
        counts.forEach((k, v) -> m.put(k, AttributeValue.fromN(Long.toString(v))));
        return m;
    }

    private static String detail(Map<String, Long> counts) {
        return counts.isEmpty() ? "" : counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static void deleteSpool(Path spool) {
        if (!Files.exists(spool)) {
            return;
        }
        try (Stream<Path> files = Files.walk(spool)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("Could not delete spool folder %s: %s", spool, e.getMessage());
        }
    }
}
