package io.containerengine.notifications.websocket;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The open sockets of this instance, by user. A user may hold many sockets; each gets every frame of that
 * user and nobody else's. In memory only: a socket lives on exactly one instance.
 */
@Component
public class SessionRegistry {

    private final Map<UUID, Set<Connection>> byUser = new ConcurrentHashMap<>();
    /**
     * Notifications delivered per user (counted once per notification, however many sockets got it). Kept
     * after the user disconnects so stats survive reconnects; one small counter per user who ever got a push.
     */
    private final Map<UUID, AtomicLong> sentByUser = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    void add(Connection connection) {
        byUser.compute(connection.userId(), (user, set) -> {
            Set<Connection> sockets = set == null ? ConcurrentHashMap.newKeySet() : set;
            sockets.add(connection);
            return sockets;
        });
        total.incrementAndGet();
    }

    void remove(Connection connection) {
        boolean[] removed = {false};
        byUser.computeIfPresent(connection.userId(), (user, set) -> {
            removed[0] = set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            total.decrementAndGet();
        }
    }

    /**
     * Queues a ready-made frame on every socket of {@code userId}, right away on the caller's thread.
     *
     * @return the number of sockets it was queued on
     */
    public int push(UUID userId, String frame) {
        Set<Connection> sockets = byUser.get(userId);
        if (sockets == null) {
            return 0;
        }
        int delivered = 0;
        for (Connection connection : sockets) {
            if (connection.offer(frame)) {
                delivered++;
            }
        }
        if (delivered > 0) {
            sentByUser.computeIfAbsent(userId, user -> new AtomicLong()).incrementAndGet();
        }
        return delivered;
    }

    public int connections(UUID userId) {
        Set<Connection> sockets = byUser.get(userId);
        return sockets == null ? 0 : sockets.size();
    }

    public long eventsSent(UUID userId) {
        AtomicLong sent = sentByUser.get(userId);
        return sent == null ? 0 : sent.get();
    }

    public int totalConnections() {
        return total.get();
    }
}
