package io.tributary;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.util.ArrayList;
import java.util.List;

/** Every record a Kinesis stream holds, read from the oldest in each shard (for tests to look at). */
public final class KinesisRecords {

    private KinesisRecords() {
    }

    public static List<Record> all(KinesisClient kinesis, String stream) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : kinesis.listShards(l -> l.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(g -> g.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                final String it = iterator;
                GetRecordsResponse page = kinesis.getRecords(g -> g.shardIterator(it).limit(10_000));
                records.addAll(page.records());
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return records;
    }
}
