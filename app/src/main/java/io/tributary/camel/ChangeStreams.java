package io.tributary.camel;

import io.tributary.Datasets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.TributaryConfig;
import io.tributary.aws.ChangeStreamReader;
import io.tributary.aws.KinesisWriter;
import io.tributary.aws.Stopped;
import io.tributary.changes.ChangeBatch;
import io.tributary.changes.PartitionKeyTemplate;
import io.tributary.clean.DatasetSpec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream-changes flow's steps: poll (the source: new changes of every table's stream), put
 * (change documents on Kinesis), checkpoint; fail (the shard is read again from its checkpoint).
 */
@Singleton
@Named("changeStreams")
public class ChangeStreams {

    private static final Logger LOG = Logger.getLogger(ChangeStreams.class);
    /** Set on an exchange whose flow failed (the reason), for callers that report failures (Lambda). */
    public static final String FAILED = "tributary.failed";

    private final TributaryConfig config;
    private final Datasets datasets;
    private final ChangeStreamReader reader;
    private final KinesisWriter writer;
    private final PartitionKeyTemplate partitionKey;
    private final Counter put;
    private final AtomicLong pending = new AtomicLong();
    private final CamelContext camel;

    public ChangeStreams(TributaryConfig config, Datasets datasets, ChangeStreamReader reader, KinesisWriter writer,
                         MeterRegistry metrics, CamelContext camel) {
        this.camel = camel;
        this.config = config;
        this.datasets = datasets;
        this.reader = reader;
        this.writer = writer;
        this.partitionKey = new PartitionKeyTemplate(config.changes().partitionKey());
        this.put = Counter.builder("tributary.changes.records.put")
                .description("changes put on the Kinesis stream").register(metrics);
        metrics.gauge("tributary.changes.records.pending", pending);
    }

    /** The tables whose streams are read: the configured ones, else every dataset's table. */
    public List<String> tables() {
        return config.changes().tables().filter(t -> !t.isEmpty())
                .orElseGet(() -> datasets.all().stream().map(DatasetSpec::dynamodb).filter(java.util.Objects::nonNull)
                        .map(DatasetSpec.DynamoDb::table)
                        .distinct().toList());
    }

    public List<ChangeBatch> poll() {
        List<ChangeBatch> batches = reader.poll(tables(), config.changes().batchSize());
        pending.set(batches.stream().mapToLong(b -> b.changes().size()).sum());
        return batches;
    }

    public ChangeBatch put(ChangeBatch batch) {
        if (!batch.changes().isEmpty()) {
            // Tributary's stop does not wait for a large batch: it is read again from its checkpoint
            put.increment(writer.put(config.kinesisStream(), batch.changes(), partitionKey, camel::isStopping));
        }
        return batch;
    }

    public void checkpoint(ChangeBatch batch) {
        if (!batch.positionKeptBySource()) {
            reader.checkpoint(batch);
        }
        pending.addAndGet(-batch.changes().size());
        LOG.debugf("%s shard %s: %d changes on %s%s", batch.table(), batch.shard(), batch.changes().size(),
                config.kinesisStream(), batch.shardEnded() ? " (shard finished)" : "");
    }

    public void fail(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = exchange.getIn().getBody();
        exchange.setProperty(FAILED, e == null ? "unknown error" : e.getMessage());
        if (body instanceof ChangeBatch batch) {
            reader.rewind(batch);
            if (e instanceof Stopped) {
                LOG.infof("Changes of %s (shard %s): %s; they are read again from the last checkpoint when"
                        + " Tributary starts next", batch.table(), batch.shard(), e.getMessage());
            } else {
                LOG.warnf("Changes of %s (shard %s) did not reach Kinesis: %s; they are read again from the last "
                        + "checkpoint", batch.table(), batch.shard(), e == null ? "unknown error" : e.getMessage());
            }
        } else {
            LOG.warnf("Reading DynamoDB streams failed: %s; retried at the next poll",
                    e == null ? "unknown error" : e.getMessage());
        }
    }

    /** Forgets positions held in memory: reading goes on from the checkpoints, as after a restart. */
    public void forget() {
        reader.forget();
    }
}
