package io.tributary.aws;

import io.tributary.TributaryConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable positions of the stream consumers, in the state table: item
 * {@code checkpoint#<consumer>#<stream>#<shard>} holds the last sequence number done, whether the
 * shard is finished (closed and read to its end), and, for the archive, the event ids of the
 * latest archived changes (to drop a change that reaches the stream twice).
 */
@Singleton
public class Checkpoints {

    /**
     * Where a consumer is in one shard.
     *
     * @param arrived when the record at {@code sequence} reached the stream (the archive's), or null
     */
    public record Checkpoint(String sequence, boolean finished, List<String> recentIds, Instant arrived) {
        public Checkpoint(String sequence, boolean finished, List<String> recentIds) {
            this(sequence, finished, recentIds, null);
        }
    }

    private final DynamoDbClient dynamodb;
    private final String table;

    public Checkpoints(DynamoDbClient dynamodb, TributaryConfig config) {
        this.dynamodb = dynamodb;
        this.table = config.stateTable();
    }

    public Optional<Checkpoint> get(String consumer, String stream, String shard) {
        Map<String, AttributeValue> item = dynamodb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of(StateLedger.KEY, AttributeValue.fromS(key(consumer, stream, shard))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue seq = item.get("sequence");
        AttributeValue ids = item.get("recent_ids");
        AttributeValue arrived = item.get("arrived_at");
        return Optional.of(new Checkpoint(seq == null ? null : seq.s(),
                item.containsKey("finished") && item.get("finished").bool(),
                ids == null ? List.of() : ids.l().stream().map(AttributeValue::s).toList(),
                arrived == null ? null : Instant.parse(arrived.s())));
    }

    public void save(String consumer, String stream, String shard, Checkpoint checkpoint) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(StateLedger.KEY, AttributeValue.fromS(key(consumer, stream, shard)));
        if (checkpoint.sequence() != null) {
            item.put("sequence", AttributeValue.fromS(checkpoint.sequence()));
        }
        item.put("finished", AttributeValue.fromBool(checkpoint.finished()));
        if (!checkpoint.recentIds().isEmpty()) {
            item.put("recent_ids", AttributeValue.fromL(checkpoint.recentIds().stream().map(AttributeValue::fromS)
                    .toList()));
        }
        if (checkpoint.arrived() != null) {
            item.put("arrived_at", AttributeValue.fromS(checkpoint.arrived().toString()));
        }
        item.put("updated_at", AttributeValue.fromS(Instant.now().toString()));
        dynamodb.putItem(p -> p.tableName(table).item(item));
    }

    public void delete(String consumer, String stream, String shard) {
        dynamodb.deleteItem(d -> d.tableName(table)
                .key(Map.of(StateLedger.KEY, AttributeValue.fromS(key(consumer, stream, shard)))));
    }

    static String key(String consumer, String stream, String shard) {
        return "checkpoint#" + consumer + "#" + stream + "#" + shard;
    }
}
