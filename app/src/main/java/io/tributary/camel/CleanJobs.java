package io.tributary.camel;

import io.tributary.Datasets;
import io.tributary.TributaryConfig;
import io.tributary.aws.DynamoDbLoader;
import io.tributary.aws.GlueCatalog;
import io.tributary.aws.Provisioner;
import io.tributary.aws.RawStore;
import io.tributary.aws.StateLedger;
import io.tributary.aws.Stopped;
import io.tributary.clean.CleanSummary;
import io.tributary.clean.DatasetSpec;
import io.tributary.clean.RejectedRow;
import io.tributary.format.FileCleaning;
import io.tributary.sinks.CleanFile;
import io.tributary.sinks.Sink;
import io.tributary.sinks.Sinks;
import io.tributary.sinks.Target;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The clean flow's steps, in route order: open (choose the spec), download (spool the raw object),
 * clean (into the local files of the sinks the spec declares, and the rejected rows; a spec is
 * inferred when none claims the file), publish (each sink: clean/ CSV and JSON Lines, the Parquet
 * lake under curated/, DynamoDB), replace (rejected/, and delete what earlier cleans of the object
 * wrote and this one did not) and finish (report to reports/, the state table with the object's
 * lineage, one summary line); fail explains and records a failure.
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
    private final Provisioner provisioner;
    private final CamelContext camel;

    public CleanJobs(TributaryConfig config, Datasets datasets, RawStore store, StateLedger ledger,
                     DynamoDbLoader loader, RawObjectWatcher watcher, Provisioner provisioner, CamelContext camel,
                     GlueCatalog glue, Warehouses warehouses) {
        this.glue = glue;
        this.warehouses = warehouses;
        this.provisioner = provisioner;
        this.camel = camel;
        this.config = config;
        this.datasets = datasets;
        this.store = store;
        this.ledger = ledger;
        this.loader = loader;
        this.watcher = watcher;
    }

    private final GlueCatalog glue;
    private final Warehouses warehouses;

    /** The logger of the progress of long cleans ({@code tributary.progress.*}). */
    static final Logger PROGRESS = Logger.getLogger("tributary.progress");
    private io.tributary.format.Progress.Ticker progressLog;

    /** Logs the progress of long cleans every {@code tributary.progress.log-every}, from the first clean on. */
    private synchronized void startProgressLog() {
        if (progressLog == null) {
            progressLog = io.tributary.format.Progress.every(config.progress().logEvery(), "tributary-progress",
                    () -> progressLines(Instant.now()).forEach(PROGRESS::info));
        }
    }

    @jakarta.annotation.PreDestroy
    synchronized void stopProgressLog() {
        if (progressLog != null) {
            progressLog.close();
        }
    }

    /** What the progress log says now (see {@link #progressLines(java.util.Collection, long, java.time.Duration, Instant)}). */
    List<String> progressLines(Instant now) {
        return progressLines(running.values(), config.progress().minSizeMb() * 1024L * 1024L,
                config.progress().logEvery(), now);
    }

    /**
     * For each clean of a file of {@code minBytes} or more that has run for at least {@code every}:
     * its key and how far it is ({@link CleanJob#doing()}), in key order.
     */
    static List<String> progressLines(java.util.Collection<CleanJob> jobs, long minBytes, java.time.Duration every,
                                      Instant now) {
        List<String> lines = new ArrayList<>();
        for (CleanJob job : jobs) {
            if (job.object.size() >= minBytes && !job.startedAt.plus(every).isAfter(now)) {
                lines.add(job.object.key() + ": " + job.doing());
            }
        }
        java.util.Collections.sort(lines);
        return lines;
    }

    /** A raw object being cleaned now: when it started and what it is doing. */
    public record Running(String rawKey, String dataset, java.time.Instant started, String doing) {
    }

    private final Map<String, CleanJob> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** The raw objects being cleaned now, in key order. */
    public List<Running> running() {
        return running.values().stream().map(j -> new Running(j.object.key(), j.dataset, j.startedAt, j.doing()))
                .sorted(Comparator.comparing(Running::rawKey)).toList();
    }

    public CleanJob open(ObjectCreated object) {
        String key = object.key();
        String relative = key.startsWith(config.rawPrefix()) ? key.substring(config.rawPrefix().length()) : key;
        int slash = relative.lastIndexOf('/');
        String fileName = relative.substring(slash + 1);
        String folder = slash > 0 ? relative.substring(0, relative.indexOf('/')) : null;
        DatasetSpec spec = datasets.forRawObject(folder, fileName).orElse(null);
        String dataset = spec != null ? spec.name() : folder != null ? folder : datasets.datasetOf(fileName);
        Path spool = Path.of(config.spoolDir(), UUID.randomUUID().toString());
        CleanJob job = new CleanJob(object, dataset, spec, fileName, spool);
        running.put(key, job);
        startProgressLog();
        return job;
    }

    /** Spools the raw object to a local file, which every pass of the cleaning reads. */
    public CleanJob download(CleanJob job) throws IOException {
        job.calling("downloading " + uri(job.object.key()));
        store.download(job.object.key(), job.raw());
        job.called();
        job.stepDone("download");
        return job;
    }

    public CleanJob clean(CleanJob job) throws IOException {
        if (job.spec == null) {
            LOG.infof("%s: no dataset spec claims it; inferring one (the report holds it as YAML to start from)",
                    job.object.key());
        }
        List<RejectedRow> logged = new ArrayList<>();
        AtomicLong rejectedCount = new AtomicLong();
        job.sinks = new Sinks(new CleanFile(job.dataset, job.baseName(), job.object.key(),
                CleanFile.versionOf(job.object.etag()), Instant.now(), job.spool, new CleanFile.Layout(
                config.cleanPrefix(), config.curatedPrefix(), config.catalogPrefix(),
                config.warehouse().stagingPrefix(), config.parquetMemoryMb() * 1024L * 1024L)));
        job.result = FileCleaning.clean(job.spec, job.dataset, job.fileName, config.tablePrefix(), job.raw(),
                job.rejectedFile(), job.sinks, rejected -> {
                    long n = rejectedCount.incrementAndGet();
                    if (n <= REJECTS_LOGGED) {
                        logged.add(rejected);
                    }
                    if (n <= FileCleaning.REPORT_REJECTS) {
                        job.rejectedForReport.add(rejected);
                    }
                }, job.progress);
        job.spec = job.result.spec();
        for (RejectedRow row : logged) {
            LOG.warnf("%s line %d rejected [%s]: %s", job.object.key(), row.line(), row.rule(), row.reason());
        }
        if (rejectedCount.get() > REJECTS_LOGGED) {
            LOG.warnf("%s: %d more rejected rows not shown (all are in %s)", job.object.key(),
                    rejectedCount.get() - REJECTS_LOGGED, uri(rejectedKey(job)));
        }
        job.stepDone("clean");
        return job;
    }

    /**
     * Each sink the spec declares publishes what it wrote (objects to the bucket, items to the
     * table), in the spec's order; each is a step of the summary. Every object key is recorded in
     * the state table before it is written, so that a later clean of the object can delete it.
     */
    public CleanJob publish(CleanJob job) throws IOException {
        Target target = new JobTarget(job);
        if (job.published.isEmpty()) {
            // what the sinks check against the target first (the lake's catalog): a file that fails publishes nothing
            for (Sink sink : job.sinks.all()) {
                sink.checkBeforePublishing(target);
            }
        }
        for (Sink sink : job.sinks.all()) {
            if (job.published.containsKey(sink.key())) {
                continue; // a step retried after an I/O error does not publish twice what it published
            }
            job.published.put(sink.key(), sink.publish(target));
            job.stepDone(sink.key());
        }
        return job;
    }

    /**
     * The rejected rows go to rejected/, then the outputs of earlier cleans of this raw object that
     * this clean did not write (a partition that no longer appears, a superseded version's files,
     * a rejected-rows list now empty) are deleted: the bucket holds this version's outputs only.
     */
    public CleanJob replace(CleanJob job) throws IOException {
        Target target = new JobTarget(job);
        if (job.result.rejectedRows() > 0) {
            job.rejectedUri = target.upload(rejectedKey(job), job.rejectedFile(), "text/csv");
        }
        Set<String> current = job.objectKeys();
        job.calling("reading the outputs of earlier cleans from the state table");
        Set<String> earlier = ledger.outputsOf(job.object.key());
        job.called();
        for (String stale : earlier) {
            if (!current.contains(stale)) {
                job.calling("deleting " + uri(stale) + " (written by an earlier clean of " + job.object.key() + ")");
                store.delete(stale);
                job.replaced++;
            }
        }
        job.called();
        job.stepDone("replace");
        return job;
    }

    /** Publishing through the job: each call named should it fail, each object key recorded before it is written. */
    private final class JobTarget implements Target {
        private final CleanJob job;

        JobTarget(CleanJob job) {
            this.job = job;
        }

        @Override
        public String upload(String key, Path file, String contentType) {
            job.calling("recording " + uri(key) + " in the state table");
            ledger.addOutput(job.object.key(), key);
            job.uploadedKeys.add(key);
            job.calling("uploading " + uri(key));
            store.put(key, file, contentType);
            job.called();
            return uri(key);
        }

        @Override
        public String uri(String key) {
            return CleanJobs.this.uri(key);
        }

        @Override
        public Optional<String> readText(String key) {
            job.calling("reading " + uri(key));
            Optional<String> text = store.readText(key);
            job.called();
            return text;
        }

        @Override
        public void registerTable(io.tributary.catalog.LakeTable table, boolean changed,
                                  List<Map.Entry<List<String>, String>> partitions) {
            if (glue.enabled()) {
                job.calling("registering the table " + table.name() + " and " + partitions.size()
                        + " partitions in Glue");
                glue.register(table, changed, partitions.stream()
                        .map(p -> new GlueCatalog.Partition(p.getKey(), p.getValue())).toList());
                job.called();
            }
        }

        @Override
        public String putShared(String key, String text, String contentType) {
            job.calling("uploading " + uri(key));
            store.put(key, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
            job.called();
            return uri(key);
        }

        @Override
        public boolean hasWarehouse() {
            return warehouses.warehouse().isPresent();
        }

        @Override
        public String warehouseSchema() {
            return warehouses.schema();
        }

        @Override
        public io.tributary.warehouse.Warehouse.Loaded loadWarehouse(io.tributary.warehouse.WarehouseTable table,
                                                                     io.tributary.warehouse.Staged staged)
                throws IOException {
            io.tributary.warehouse.Warehouse warehouse = warehouses.required();
            job.calling("loading " + staged.uri() + " into the warehouse table " + table.schema() + "." + table.name()
                    + " (" + warehouse.describe() + ")");
            io.tributary.warehouse.Staged sent = staged;
            if (warehouse.sendsBytes()) {
                // the bytes go from here (COPY FROM STDIN): how far they are is how far the load is
                job.progress.begin("loading the warehouse table " + table.schema() + "." + table.name(), staged.size(),
                        io.tributary.format.Progress.Unit.BYTES);
                sent = staged.reading(() -> job.progress.counting(staged.bytes().open()));
            }
            io.tributary.warehouse.Warehouse.Loaded loaded;
            try {
                loaded = warehouse.load(table, sent);
            } finally {
                job.progress.end();
            }
            job.called();
            return loaded;
        }

        @Override
        public Loaded load(DatasetSpec spec, Path items, List<String> keyColumns) throws IOException {
            if (job.result.inferred()) {
                job.calling("creating DynamoDB table " + spec.dynamodb().table());
                provisioner.ensureTable(spec);
            }
            job.calling("loading DynamoDB table " + spec.dynamodb().table());
            job.progress.begin("loading DynamoDB table " + spec.dynamodb().table(),
                    job.result.report().summary().rowsOut(), io.tributary.format.Progress.Unit.ROWS);
            // the longest step: Tributary's stop does not wait for it (the file is cleaned again at the next start)
            DynamoDbLoader.Loaded loaded;
            try {
                loaded = loader.load(items, spec.dynamodb().table(), keyColumns, camel::isStopping, job.progress::add);
            } finally {
                job.progress.end();
            }
            job.called();
            return new Loaded(loaded.items(), loaded.describe());
        }
    }

    public void finish(CleanJob job) throws IOException {
        CleanSummary s = job.summary();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - job.startedNanos);
        String reportKey = config.reportsPrefix() + job.dataset + "/" + job.baseName() + ".json";
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dataset", job.dataset);
        context.put("raw", uri(job.object.key()));
        context.put("raw_etag", job.object.etag());
        context.put("outputs", job.described());
        context.put("written", job.writtenForReport());
        context.put("duration_ms", millis);
        context.put("steps_ms", job.stepMillis());
        context.put("rejected_rows", FileCleaning.reportRejects(job.rejectedForReport));
        FileCleaning.writeReport(job.reportFile(), context, job.result);
        job.calling("uploading " + uri(reportKey));
        store.put(reportKey, job.reportFile(), "application/json");
        // the same report as a page beside it, its charts inline; the rejected rows linked from reports/<dataset>/
        String pageKey = reportPageKey(job);
        FileCleaning.writeReportPage(job.reportFile(), job.reportPage(), job.fileName,
                job.rejectedUri == null ? null : "../../" + rejectedKey(job));
        job.calling("uploading " + uri(pageKey));
        store.put(pageKey, job.reportPage(), "text/html; charset=utf-8");
        job.calling("recording the result in the state table");
        job.reportUri = uri(reportKey);

        Map<String, AttributeValue> record = new HashMap<>();
        record.put("dataset", AttributeValue.fromS(job.dataset));
        record.put("rows_in", AttributeValue.fromN(Long.toString(s.rowsIn())));
        record.put("rows_out", AttributeValue.fromN(Long.toString(s.rowsOut())));
        record.put("dropped", AttributeValue.fromM(counts(s.dropped())));
        record.put("rejected", AttributeValue.fromM(counts(s.rejected())));
        record.put("items_written", AttributeValue.fromN(Long.toString(job.itemsWritten())));
        record.put("outputs", AttributeValue.fromL(job.described().stream().map(AttributeValue::fromS).toList()));
        record.put("written", AttributeValue.fromL(job.writtenRecords()));
        record.put("report", AttributeValue.fromS(job.reportUri));
        record.put("duration_ms", AttributeValue.fromN(Long.toString(millis)));
        ledger.recordCleaned(job.object.key(), job.object.etag(), record, job.objectKeys());
        job.called();
        watcher.cleaned(job.object);
        running.remove(job.object.key());
        SUMMARY.info(summaryLine(job, millis));
        deleteSpool(job.spool);
    }

    /**
     * {@code raw/<dataset>/<file> [dataset]: rows in N, out N, dropped N (rule=N, ...), rejected N
     * (rule=N, ...); wrote <outputs>; report <uri>; N.N s (download N.N s, clean N.N s, upload N.N s,
     * dynamodb N.N s)}
     */
    static String summaryLine(CleanJob job, long millis) {
        CleanSummary s = job.summary();
        StringBuilder steps = new StringBuilder();
        job.stepMillis().forEach((step, ms) -> steps.append(steps.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f s", step, ms / 1000.0)));
        return String.format(Locale.ROOT,
                "%s [%s%s]: rows in %d, out %d, dropped %d%s, rejected %d%s; wrote %s; report %s; %.1f s (%s)",
                job.object.key(), job.dataset, job.result.inferred() ? ", inferred spec" : "", s.rowsIn(),
                s.rowsOut(), s.droppedTotal(), detail(s.dropped()), s.rejectedTotal(), detail(s.rejected()),
                String.join(", ", job.described()), job.reportUri, millis / 1000.0, steps);
    }

    /** {@code reports/<dataset>/<file>.html}: the report's page. */
    String reportPageKey(CleanJob job) {
        return config.reportsPrefix() + job.dataset + "/" + job.baseName() + ".html";
    }

    private String rejectedKey(CleanJob job) {
        return config.rejectedPrefix() + job.dataset + "/" + job.baseName() + ".csv";
    }

    private String uri(String key) {
        return "s3://" + store.bucket() + "/" + key;
    }

    /** Explains a failure of the clean flow, records it in the ledger and keeps the raw object as it is. */
    public void fail(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = exchange.getIn().getBody();
        ObjectCreated object = body instanceof CleanJob job ? job.object
                : exchange.getProperty("tributary.object", ObjectCreated.class);
        String reason = reason(e, body instanceof CleanJob job ? job.callUnderWay() : null);
        String key = object == null ? "(unknown object)" : object.key();
        running.remove(key);
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s3 && s3.statusCode() == 404)) {
            // deleted between its event and now (or an S3 implementation's temporary upload object)
            LOG.infof("%s is gone from the bucket; nothing to clean", key);
            if (body instanceof CleanJob job) {
                deleteSpool(job.spool);
            }
            return;
        }
        exchange.setProperty(ChangeStreams.FAILED, reason);
        if (e instanceof Stopped) {
            // not the data's fault: nothing goes to the state table, so the next start cleans the object again
            LOG.infof("%s: %s; it is cleaned again when Tributary starts next", key, e.getMessage());
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

    /**
     * Why the flow failed: the error's message, after the remote call under way when there was one
     * ({@code uploading s3://... (tried 4 times): Connection reset}).
     */
    static String reason(Exception e, String call) {
        String message = e == null ? "unknown error" : e.getMessage() == null ? e.toString() : e.getMessage();
        return call == null ? message : call + ": " + message;
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

    /** Deletes a spool folder and everything in it (what cannot be deleted is logged, not thrown). */
    static void deleteSpool(Path spool) {
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
