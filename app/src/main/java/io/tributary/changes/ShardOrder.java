package io.tributary.changes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which shards of a stream may be read now. A child shard (after a split or a merge, or the
 * successor DynamoDB Streams opens every few hours) holds changes that come after its parents'
 * changes, so it is read only once every parent still listed is finished (read to its end and
 * checkpointed). A parent that is no longer listed (trimmed after 24 h) does not hold its
 * children back. Finished shards are not read again.
 */
public final class ShardOrder {

    private ShardOrder() {
    }

    /** A shard as the stream lists it: its id and its parents (null when none). */
    public record Shard(String id, String parentId, String adjacentParentId) {
    }

    /** The shards to read now, parents before children, in the order listed. */
    public static List<Shard> readable(List<Shard> listed, Set<String> finished) {
        Map<String, Shard> byId = new HashMap<>();
        for (Shard s : listed) {
            byId.put(s.id(), s);
        }
        List<Shard> readable = new ArrayList<>();
        for (Shard s : listed) {
            if (finished.contains(s.id())) {
                continue;
            }
            if (waitsFor(s.parentId(), byId, finished) || waitsFor(s.adjacentParentId(), byId, finished)) {
                continue;
            }
            readable.add(s);
        }
        return readable;
    }

    private static boolean waitsFor(String parent, Map<String, Shard> listed, Set<String> finished) {
        return parent != null && listed.containsKey(parent) && !finished.contains(parent);
    }
}
