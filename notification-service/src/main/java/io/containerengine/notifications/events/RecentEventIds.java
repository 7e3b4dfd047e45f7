package io.containerengine.notifications.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The last {@code capacity} event ids seen, oldest forgotten first. Memory is enough here: a push is
 * ephemeral, the consumer group dies with the instance, and redeliveries (retries, rebalances) come soon
 * after the first delivery.
 */
final class RecentEventIds {

    private final Map<UUID, Boolean> ids;

    RecentEventIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(UUID id) {
        return ids.containsKey(id);
    }

    synchronized void add(UUID id) {
        ids.put(id, Boolean.TRUE);
    }

    synchronized int size() {
        return ids.size();
    }
}
