package io.tributary.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.TributaryConfig;
import io.tributary.aws.Checkpoints;
import io.tributary.aws.GlueCatalog;
import io.tributary.aws.KinesisReader;
import io.tributary.aws.RawStore;
import io.tributary.catalog.JsonColumns;
import io.tributary.catalog.LakeTable;
import io.tributary.changes.ArchiveTransform;
import io.tributary.changes.RecentIds;
import io.tributary.changes.StreamBatch;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * The archive-stream flow's steps, like Firehose: poll (the source: new records of every shard),
 * transform (each record Ok, Dropped or ProcessingFailed), buffer (per shard, until the size or
 * time hint), write (gzip JSON Lines to the archive prefix, failures to the error prefix, then the
 * checkpoint); fail (the shard is read again from its checkpoint).
 *
 * <p>The archive is a table of the lake's catalog ({@code tributary.archive.table}): each write
 * whose records bring a new field (or a value of another type) updates its DDL in
 * {@code catalog/<table>.sql} and, on AWS, its Glue table, partitioned by the hourly folders
 * through partition projection.
 *
 * <p>Object names come from the stream, the shard and the first record's sequence number, under
 * the hour of its arrival, so a replay after a restart overwrites an object instead of adding
 * one. A change whose eventID was archived recently (kept with the checkpoint) is dropped as a
 * duplicate.
 */
@Singleton
@Named("streamArchive")
public class StreamArchive {

    static final int RECENT_IDS = 2000;
    private static final Logger LOG = Logger.getLogger(StreamArchive.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    private final TributaryConfig config;
    private final KinesisReader reader;
    private final RawStore store;
    private final MeterRegistry metrics;
    private final GlueCatalog glue;
    private final Warehouses warehouses;
    /** The archive's table as last read or written (null: not yet known here). */
    private volatile LakeTable table;
    private final Map<String, ShardBuffer> buffers = new ConcurrentHashMap<>();
    private final AtomicLong millisBehind = new AtomicLong();

    /** One shard's records read and transformed, with their results. */
    public record Transformed(StreamBatch batch, List<ArchiveTransform.Result> results) {
    }

    /** What one write puts: the archive object, the error object, and the checkpoint after them. */
    public record Chunk(String stream, String shard, String key, byte[] records, String errorKey, byte[] errors,
                        Checkpoints.Checkpoint checkpoint, long ok, Map<String, Long> dropped, long failed,
                        String hour, JsonColumns columns) {
    }

    public StreamArchive(TributaryConfig config, KinesisReader reader, RawStore store, MeterRegistry metrics,
                         GlueCatalog glue, Warehouses warehouses) {
        this.config = config;
        this.warehouses = warehouses;
        this.glue = glue;
        this.reader = reader;
        this.store = store;
        this.metrics = metrics;
        metrics.gauge("tributary.archive.records.unarchived", buffers,
                b -> b.values().stream().mapToLong(s -> s.records).sum());
        metrics.gauge("tributary.archive.oldest.unarchived.seconds", buffers, b -> b.values().stream()
                .filter(s -> s.oldestArrival != null)
                .mapToLong(s -> Instant.now().getEpochSecond() - s.oldestArrival.getEpochSecond())
                .max().orElse(0));
        metrics.gauge("tributary.archive.millis.behind.latest", millisBehind);
    }

    public List<StreamBatch> poll() {
        List<StreamBatch> batches = reader.poll(config.kinesisStream(), config.archive().batchSize());
        millisBehind.set(batches.stream().mapToLong(StreamBatch::millisBehindLatest).max().orElse(0));
        return batches;
    }

    /** Applies the named transform ({@link ArchiveTransform#named}) to every record. */
    public Transformed transform(StreamBatch batch, String transform) {
        ArchiveTransform t = ArchiveTransform.named(transform);
        List<ArchiveTransform.Result> results = new ArrayList<>(batch.records().size());
        for (StreamBatch.StreamRecord r : batch.records()) {
            results.add(t.apply(r.data()));
        }
        return new Transformed(batch, results);
    }

    /** Adds the records to their shard's buffer; the body becomes the chunks due (by size, time, or shard end). */
    public List<Chunk> buffer(Transformed transformed) throws IOException {
        StreamBatch batch = transformed.batch();
        ShardBuffer buffer = buffers.computeIfAbsent(batch.stream() + "/" + batch.shard(),
                k -> new ShardBuffer(batch.stream(), batch.shard(), reader.checkpoint(batch.stream(), batch.shard())
                        .map(Checkpoints.Checkpoint::recentIds).orElse(List.of())));
        for (int i = 0; i < batch.records().size(); i++) {
            buffer.add(batch.records().get(i), transformed.results().get(i));
        }
        long maxBytes = (long) config.archive().bufferMb() * 1024 * 1024;
        boolean due = buffer.bytes >= maxBytes || batch.shardEnded() || batch.positionKeptBySource()
                || (buffer.records > 0
                && System.nanoTime() - buffer.startedNanos >= config.archive().bufferInterval().toNanos());
        if (!due) {
            return List.of();
        }
        return List.of(buffer.drain(batch.shardEnded(), batch.positionKeptBySource()));
    }

    /**
     * Writes the chunks and keeps the archive's table current, applies them to the warehouse tables
     * that mirror a DynamoDB table, then checkpoints each shard after its last record written.
     */
    public void write(List<Chunk> chunks) throws IOException {
        for (Chunk c : chunks) {
            List<String> wrote = new ArrayList<>();
            if (c.records() != null) {
                store.put(c.key(), c.records(), "application/gzip");
                wrote.add("s3://" + store.bucket() + "/" + c.key());
            }
            if (c.errors() != null) {
                store.put(c.errorKey(), c.errors(), "application/gzip");
                wrote.add("s3://" + store.bucket() + "/" + c.errorKey());
            }
            if (c.records() != null) {
                catalog(c);
                // before the checkpoint: a failed apply reads the shard again, and the object is applied again
                warehouses.mirror("s3://" + store.bucket() + "/" + c.key(), c.records());
            }
            if (c.checkpoint() != null) {
                reader.checkpoint(c.stream(), c.shard(), c.checkpoint());
            }
            metrics.counter("tributary.archive.records", "result", "Ok").increment(c.ok());
            metrics.counter("tributary.archive.records", "result", "Dropped")
                    .increment(c.dropped().values().stream().mapToLong(Long::longValue).sum());
            metrics.counter("tributary.archive.records", "result", "ProcessingFailed").increment(c.failed());
            long dropped = c.dropped().values().stream().mapToLong(Long::longValue).sum();
            if (c.ok() + dropped + c.failed() > 0) {
                LOG.infof("archive %s shard %s: Ok %d, Dropped %d%s, ProcessingFailed %d; wrote %s", c.stream(),
                        c.shard(), c.ok(), dropped, c.dropped().isEmpty() ? "" : c.dropped().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", " (", ")")),
                        c.failed(), wrote.isEmpty() ? "nothing (every record dropped)" : String.join(", ", wrote));
            }
        }
    }

    /**
     * The archive's table after this chunk: unchanged when the chunk's fields are all known,
     * else evolved from the catalog's DDL (read again: another writer may have changed it),
     * written back and registered in Glue (AWS mode).
     */
    private void catalog(Chunk c) {
        String name = config.archive().table();
        LakeTable mine = c.columns().tableByHour(name,
                "s3://" + store.bucket() + "/" + config.archive().prefix() + c.stream() + "/", c.hour());
        LakeTable known = table;
        if (known != null && mine.evolve(known).changes().isEmpty()) {
            return;
        }
        String key = config.catalogPrefix() + name + ".sql";
        LakeTable.Evolution evolution = store.readText(key).map(ddl -> LakeTable.fromDdl(ddl, "s3://" + store.bucket() + "/" + key)).map(mine::evolve).orElse(null);
        LakeTable current = evolution == null ? mine : evolution.table();
        if (evolution == null || !evolution.changes().isEmpty()) {
            glue.register(current, true, List.of());
            store.put(key, current.ddl().getBytes(StandardCharsets.UTF_8), "application/sql");
            LOG.infof("Catalog s3://%s/%s: %s", store.bucket(), key, evolution == null ? "new table"
                    : String.join(", ", evolution.changes()));
        }
        table = current;
    }

    public void fail(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // Camel wraps what a bean threw ("Exception occurred during execution on the exchange"): say the cause
        Throwable e = caught;
        while (e instanceof org.apache.camel.CamelExecutionException && e.getCause() != null) {
            e = e.getCause();
        }
        Object body = exchange.getIn().getBody();
        exchange.setProperty(ChangeStreams.FAILED, e == null ? "unknown error" : e.getMessage());
        Set<String> shards = new HashSet<>();
        if (body instanceof StreamBatch b) {
            shards.add(b.stream() + "/" + b.shard());
        } else if (body instanceof Transformed t) {
            shards.add(t.batch().stream() + "/" + t.batch().shard());
        } else if (body instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Chunk c) {
                    shards.add(c.stream() + "/" + c.shard());
                }
            }
        }
        for (String s : shards) {
            buffers.remove(s);
            int slash = s.indexOf('/');
            reader.rewind(s.substring(0, slash), s.substring(slash + 1));
        }
        LOG.warnf("Archiving %s failed: %s; read again from the last checkpoint", shards.isEmpty() ? "the stream"
                : String.join(", ", shards), e == null ? "unknown error" : e.getMessage());
    }

    /** Forgets buffers and positions held in memory: reading goes on from the checkpoints, as after a restart. */
    public void forget() {
        buffers.clear();
        table = null;
        reader.forget();
    }

    /** One shard's records waiting to be archived. */
    private final class ShardBuffer {
        final String stream;
        final String shard;
        final RecentIds archived;
        final Set<String> ids = new HashSet<>();
        final ByteArrayOutputStream lines = new ByteArrayOutputStream();
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final Map<String, Long> dropped = new TreeMap<>();
        final JsonColumns columns = new JsonColumns();
        long records;
        long ok;
        long failed;
        long bytes;
        long startedNanos;
        String firstSequence;
        String lastSequence;
        /** When the record at {@link #lastSequence} reached the stream (null when the stream did not say). */
        Instant lastArrival;
        Instant firstArrival;
        Instant oldestArrival;

        ShardBuffer(String stream, String shard, List<String> recentIds) {
            this.stream = stream;
            this.shard = shard;
            this.archived = new RecentIds(RECENT_IDS, recentIds);
        }

        void add(StreamBatch.StreamRecord record, ArchiveTransform.Result result) throws IOException {
            if (records == 0) {
                startedNanos = System.nanoTime();
                firstSequence = record.sequenceNumber();
                firstArrival = record.arrival() == null ? Instant.now() : record.arrival();
                oldestArrival = firstArrival;
            }
            records++;
            lastSequence = record.sequenceNumber();
            lastArrival = record.arrival();
            bytes += record.data().length;
            String id = result.eventId();
            if (id != null && (archived.contains(id) || !ids.add(id))) {
                dropped.merge("duplicate", 1L, Long::sum);
                return;
            }
            switch (result.outcome()) {
                case OK -> {
                    lines.write(JSON.writeValueAsBytes(result.data()));
                    columns.observe(result.data());
                    lines.write('\n');
                    ok++;
                }
                case DROPPED -> dropped.merge(result.reason() == null ? "dropped" : result.reason(), 1L, Long::sum);
                case PROCESSING_FAILED -> {
                    ObjectNode error = JSON.createObjectNode();
                    error.put("sequenceNumber", record.sequenceNumber());
                    error.put("partitionKey", record.partitionKey());
                    error.put("approximateArrivalTimestamp", record.arrival() == null ? null
                            : record.arrival().toString());
                    error.put("errorCode", ArchiveTransform.Outcome.PROCESSING_FAILED.label);
                    error.put("errorMessage", result.reason());
                    error.put("rawData", Base64.getEncoder().encodeToString(record.data()));
                    errors.write(JSON.writeValueAsBytes(error));
                    errors.write('\n');
                    failed++;
                }
            }
        }

        Chunk drain(boolean shardEnded, boolean positionKeptBySource) throws IOException {
            String name = stream + "-" + shard + "-" + firstSequence + ".jsonl.gz";
            String hour = firstArrival == null ? null : HOUR.format(firstArrival);
            ids.forEach(archived::add);
            Checkpoints.Checkpoint before = lastSequence != null ? null : reader.checkpoint(stream, shard).orElse(null);
            String sequence = lastSequence != null ? lastSequence : before == null ? null : before.sequence();
            Instant arrived = lastSequence != null ? lastArrival : before == null ? null : before.arrived();
            Chunk chunk = new Chunk(stream, shard,
                    config.archive().prefix() + stream + "/" + hour + "/" + name, ok > 0 ? gzip(lines) : null,
                    config.archive().errorPrefix() + stream + "/" + hour + "/" + name, failed > 0 ? gzip(errors) : null,
                    positionKeptBySource ? null : new Checkpoints.Checkpoint(sequence, shardEnded, archived.toList(), arrived),
                    ok, new TreeMap<>(dropped),
                    failed, hour, columns);
            buffers.remove(stream + "/" + shard);
            return chunk;
        }
    }

    private static byte[] gzip(ByteArrayOutputStream data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.size() / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            data.writeTo(gz);
        }
        return out.toByteArray();
    }

}
