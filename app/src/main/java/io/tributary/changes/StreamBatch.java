package io.tributary.changes;

import java.time.Instant;
import java.util.List;

/**
 * Records read from one shard of a Kinesis stream, with how far behind the stream's tip the read
 * was. {@code shardEnded}: the shard is closed and this is the end of it.
 * {@code positionKeptBySource}: the event source keeps the position (the Lambda event source
 * mapping), so the archive writes the batch at once and checkpoints nothing.
 */
public record StreamBatch(String stream, String shard, List<StreamRecord> records, long millisBehindLatest,
                          boolean shardEnded, boolean positionKeptBySource) {

    /** One Kinesis record. */
    public record StreamRecord(String sequenceNumber, String partitionKey, byte[] data, Instant arrival) {
    }
}
