package io.tributary.aws;

import io.tributary.changes.ShardOrder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** After a failed batch, a shard is read again from its checkpoint, not from where the failed read left it. */
class ShardCursorsTest {

    @Test
    void rewindGoesBackToTheCheckpointAndForgetToTheStoredState() {
        ShardCursors cursors = new ShardCursors();
        ShardOrder.Shard parent = new ShardOrder.Shard("p", null, null);
        ShardOrder.Shard child = new ShardOrder.Shard("c", "p", null);
        Checkpoints.Checkpoint stored = new Checkpoints.Checkpoint("41", false, List.of());
        List<ShardCursors.Cursor> readable = cursors.readable("s", List.of(parent, child), s -> stored);
        assertEquals(List.of("p"), readable.stream().map(c -> c.shard.id()).toList());

        ShardCursors.Cursor p = readable.get(0);
        p.iterator = "after-42";
        p.finished = true;                        // the read reached the shard's end, then the put failed
        assertEquals(List.of("c"), cursors.readable("s", List.of(parent, child), s -> stored).stream()
                .map(c -> c.shard.id()).toList());
        cursors.rewind("s", "p");
        assertNull(p.iterator, "a new iterator is asked for, after the checkpoint");
        assertFalse(p.finished, "the child waits again until the parent is really done");
        assertEquals(List.of("p"), cursors.readable("s", List.of(parent, child), s -> stored).stream()
                .map(c -> c.shard.id()).toList());
        assertEquals(2, cursors.open(), "neither shard is finished");
    }
}
