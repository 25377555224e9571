package io.tributary.aws;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local mode's start against kinesis-local (which never expires a record): a stream whose every
 * record is archived is emptied; one with a record the archive has not read is kept whole.
 */
@QuarkusTest
class LocalStreamEmptyingTest {

    @Inject
    KinesisClient kinesis;
    @Inject
    Provisioner provisioner;
    @Inject
    Checkpoints checkpoints;

    @Test
    void aStreamIsEmptiedOnlyWhenTheArchiveHoldsEveryRecord() {
        String stream = "emptying-test";
        kinesis.createStream(c -> c.streamName(stream).shardCount(1));
        awaitActive(stream);
        assertFalse(provisioner.emptyIfArchived(stream, checkpoints), "an empty stream stays");
        List<String> sequences = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            sequences.add(kinesis.putRecord(p -> p.streamName(stream).partitionKey("k")
                    .data(SdkBytes.fromUtf8String("{\"n\":" + n + "}"))).sequenceNumber());
        }
        String shard = kinesis.listShards(l -> l.streamName(stream)).shards().get(0).shardId();

        assertFalse(provisioner.emptyIfArchived(stream, checkpoints), "no checkpoint: the archive read nothing");
        assertEquals(3, records(stream, shard));

        checkpoints.save(KinesisReader.CONSUMER, stream, shard, new Checkpoints.Checkpoint(sequences.get(1), false,
                List.of()));
        assertFalse(provisioner.emptyIfArchived(stream, checkpoints), "the third record is not archived");
        assertEquals(3, records(stream, shard));

        checkpoints.save(KinesisReader.CONSUMER, stream, shard, new Checkpoints.Checkpoint(sequences.get(2), false,
                List.of()));
        assertTrue(provisioner.emptyIfArchived(stream, checkpoints));
        assertTrue(checkpoints.get(KinesisReader.CONSUMER, stream, shard).isEmpty(), "its checkpoint went too");
        boolean gone;
        try {
            kinesis.describeStreamSummary(d -> d.streamName(stream));
            gone = false;
        } catch (ResourceNotFoundException e) {
            gone = true;
        }
        assertTrue(gone, "deleted, for the start to create it again empty");
    }

    private int records(String stream, String shard) {
        String iterator = kinesis.getShardIterator(g -> g.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return kinesis.getRecords(g -> g.shardIterator(iterator)).records().size();
    }

    private void awaitActive(String stream) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"ACTIVE".equals(kinesis.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary()
                .streamStatusAsString())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(stream + " not ACTIVE");
            }
            Thread.onSpinWait();
        }
    }
}
