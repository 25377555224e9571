package io.tributary.aws;

import io.tributary.changes.ShardOrder;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A consumer's place in the shards of its streams, in memory: the next iterator of each shard and
 * which shards are finished. Only checkpoints are durable; {@link #rewind} and {@link #forget}
 * make the next read start again from the last checkpoint, as after a restart.
 */
final class ShardCursors {

    /** Where reading a shard goes on: its next iterator (null: ask for one from the checkpoint). */
    static final class Cursor {
        final String stream;
        final ShardOrder.Shard shard;
        String iterator;
        boolean finished;
        Checkpoints.Checkpoint checkpoint;

        Cursor(String stream, ShardOrder.Shard shard, Checkpoints.Checkpoint checkpoint) {
            this.stream = stream;
            this.shard = shard;
            this.checkpoint = checkpoint;
            this.finished = checkpoint != null && checkpoint.finished();
        }
    }

    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

    /**
     * The shards of a stream to read now (parents before children), each with its cursor.
     *
     * @param checkpoint loads a shard's checkpoint the first time the shard is seen
     */
    List<Cursor> readable(String stream, List<ShardOrder.Shard> listed,
                          Function<ShardOrder.Shard, Checkpoints.Checkpoint> checkpoint) {
        Set<String> finished = new HashSet<>();
        for (ShardOrder.Shard s : listed) {
            Cursor c = cursors.computeIfAbsent(stream + "/" + s.id(), k -> new Cursor(stream, s, checkpoint.apply(s)));
            if (c.finished) {
                finished.add(s.id());
            }
        }
        return ShardOrder.readable(listed, finished).stream().map(s -> cursors.get(stream + "/" + s.id())).toList();
    }

    Cursor get(String stream, String shard) {
        return cursors.get(stream + "/" + shard);
    }

    /** The next read of this shard starts from its last checkpoint. */
    void rewind(String stream, String shard) {
        Cursor c = get(stream, shard);
        if (c != null) {
            c.iterator = null;
            c.finished = c.checkpoint != null && c.checkpoint.finished();
        }
    }

    /** Forgets everything: the next reads start from the checkpoints, as after a restart. */
    void forget() {
        cursors.clear();
    }

    /** Shards known and not finished. */
    int open() {
        return (int) cursors.values().stream().filter(c -> !c.finished).count();
    }
}
