package io.tributary.changes;

import java.time.Instant;
import java.util.List;

/**
 * Records read from one shard of a Kinesis stream, with how far behind the stream's tip the read
 * was. {@code shardEnded}: the shard is closed and this is the end of it.
 */
public record StreamBatch(String stream, String shard, List<StreamRecord> records, long millisBehindLatest,
                          boolean shardEnded) {

    /** One Kinesis record. */
    public record StreamRecord(String sequenceNumber, String partitionKey, byte[] data, Instant arrival) {
    }
}
