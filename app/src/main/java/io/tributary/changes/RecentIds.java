package io.tributary.changes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The most recent ids seen (event ids of archived changes), at most {@code capacity}, oldest
 * forgotten first. A change can reach the stream twice only when its producer is restarted before
 * it checkpointed, so its copy is never far behind: a window of a few thousand ids is enough.
 */
public final class RecentIds {

    private final int capacity;
    private final ArrayDeque<String> order = new ArrayDeque<>();
    private final Set<String> ids = new HashSet<>();

    public RecentIds(int capacity, Collection<String> initial) {
        this.capacity = capacity;
        initial.forEach(this::add);
    }

    /** Adds an id; false when it is in the window already. */
    public boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        order.addLast(id);
        if (order.size() > capacity) {
            ids.remove(order.removeFirst());
        }
        return true;
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    /** The window, oldest first (what a checkpoint stores). */
    public List<String> toList() {
        return new ArrayList<>(order);
    }
}
