package io.tributary.aws;

import io.quarkus.test.junit.QuarkusTest;
import io.tributary.changes.StreamBatch;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The archive's reader against kinesis-local, resuming after a checkpoint the stream does not hold:
 * as when the local emulator was killed before it saved its latest records, which the archive had
 * read. The records that arrived before the checkpoint's are archived already: not read again.
 */
@QuarkusTest
class KinesisReaderResumeTest {

    /** A sequence number no stream made now holds (the Kinesis API reference's example, from 2015). */
    private static final String LOST = "49590338271490256608559692538361571095921575989136588898";

    @Inject
    KinesisClient kinesis;
    @Inject
    Checkpoints checkpoints;

    @Test
    void aCheckpointTheStreamLostResumesAtTheRecordsThatArrivedAfterIt() throws Exception {
        String stream = "resume-test";
        kinesis.createStream(c -> c.streamName(stream).shardCount(1));
        while (!"ACTIVE".equals(kinesis.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary()
                .streamStatusAsString())) {
            Thread.sleep(20);
        }
        put(stream, "a");
        put(stream, "b");
        String shard = kinesis.listShards(l -> l.streamName(stream)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(g -> g.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        Record b = kinesis.getRecords(g -> g.shardIterator(iterator)).records().get(1);
        // the archive read a record after b and checkpointed it; the emulator then lost that record
        Instant lostArrived = b.approximateArrivalTimestamp().plusMillis(20);
        Thread.sleep(100);
        put(stream, "c");

        checkpoints.save(KinesisReader.CONSUMER, stream, shard, new Checkpoints.Checkpoint(LOST, false, List.of(),
                lostArrived));
        assertEquals(List.of("c"), firstBatch(stream), "a and b were archived before the lost record");

        checkpoints.save(KinesisReader.CONSUMER, stream, shard, new Checkpoints.Checkpoint(LOST, false, List.of()));
        assertEquals(List.of("a", "b", "c"), firstBatch(stream), "a checkpoint that does not say when: every record");

        checkpoints.save(KinesisReader.CONSUMER, stream, shard, new Checkpoints.Checkpoint(b.sequenceNumber(), false,
                List.of(), b.approximateArrivalTimestamp()));
        assertEquals(List.of("c"), firstBatch(stream), "a checkpoint the stream holds: after it");
        assertEquals(b.approximateArrivalTimestamp(), checkpoints.get(KinesisReader.CONSUMER, stream, shard)
                .orElseThrow().arrived(), "kept in the state table");
    }

    private List<String> firstBatch(String stream) {
        StreamBatch batch = new KinesisReader(kinesis, checkpoints).poll(stream, 100).get(0);
        return batch.records().stream().map(r -> new String(r.data())).toList();
    }

    private void put(String stream, String data) {
        kinesis.putRecord(p -> p.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String(data)));
    }
}
