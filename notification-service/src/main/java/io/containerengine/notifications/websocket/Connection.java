package io.containerengine.notifications.websocket;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One open socket of a user: a bounded queue of outgoing text frames plus the heartbeat bookkeeping.
 * Frames are offered from the Kafka consumer thread and from HTTP threads; emission is serialized here.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    static final CloseStatus HEARTBEAT_TIMEOUT = CloseStatus.GOING_AWAY.withReason("heartbeat timeout");
    static final CloseStatus TOO_SLOW = CloseStatus.POLICY_VIOLATION.withReason("client too slow");

    private final UUID userId;
    private final WebSocketSession session;
    private final Sinks.Many<String> outbound;
    /** Completes (with the close status to use) when the server gives up on this socket. */
    private final Sinks.One<CloseStatus> abandoned = Sinks.one();

    private volatile boolean isAbandoned;
    private volatile long lastPingNanos;
    private volatile long lastSeenNanos;

    Connection(UUID userId, WebSocketSession session, int bufferSize) {
        this.userId = userId;
        this.session = session;
        // Bounded: one slow reader must not grow memory without limit; it is dropped instead.
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<String>get(bufferSize).get());
        this.lastSeenNanos = System.nanoTime();
    }

    UUID userId() {
        return userId;
    }

    WebSocketSession session() {
        return session;
    }

    Flux<String> frames() {
        return outbound.asFlux();
    }

    Mono<CloseStatus> abandoned() {
        return abandoned.asMono();
    }

    /** Queues a frame; false if the socket is closing or its reader is too slow (it is then abandoned). */
    boolean offer(String frame) {
        Sinks.EmitResult result;
        synchronized (this) {
            result = outbound.tryEmitNext(frame);
        }
        if (result.isSuccess()) {
            return true;
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            log.warn("Closing a socket of user {}: its reader is too slow (outbound buffer full)", userId);
            abandon(TOO_SLOW);
        }
        return false;
    }

    /** Called on every inbound frame, pongs included. */
    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    /**
     * Heartbeat tick: false if nothing arrived since the previous ping (the socket is then abandoned),
     * else records a new ping that the caller sends.
     */
    boolean beforePing() {
        long lastPing = lastPingNanos;
        if (lastPing != 0 && lastSeenNanos - lastPing < 0) {
            abandon(HEARTBEAT_TIMEOUT);
            return false;
        }
        lastPingNanos = System.nanoTime();
        return true;
    }

    void abandon(CloseStatus status) {
        isAbandoned = true;
        abandoned.tryEmitValue(status);
    }

    boolean isAbandoned() {
        return isAbandoned;
    }

    void completeOutbound() {
        synchronized (this) {
            outbound.tryEmitComplete();
        }
    }
}
