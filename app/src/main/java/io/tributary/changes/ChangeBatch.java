package io.tributary.changes;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Changes read from one shard of a table's DynamoDB stream, as change documents, with the
 * position to checkpoint once they are on Kinesis. {@code shardEnded}: the shard is closed and
 * this is the end of it. {@code positionKeptBySource}: the event source keeps the position (the
 * Lambda event source mapping), so the flow checkpoints nothing.
 */
public record ChangeBatch(String table, String stream, String shard, List<ObjectNode> changes, String lastSequence,
                          boolean shardEnded, boolean positionKeptBySource) {
}
