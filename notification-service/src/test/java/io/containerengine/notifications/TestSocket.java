package io.containerengine.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** A real WebSocket client (reactor-netty) that records the text frames it gets and how it ended. */
public final class TestSocket implements AutoCloseable {

    /** A text frame and when it arrived ({@link System#nanoTime()}). */
    public record Frame(String text, long receivedNanos) {
    }

    /** How the client treats server pings. */
    public enum Pings {
        /** reactor-netty answers them itself, like a browser does. */
        AUTO,
        /** The test code sees them and answers with a pong. */
        ANSWER,
        /** Seen and never answered: a dead peer. */
        IGNORE
    }

    public final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Void> connected = new CompletableFuture<>();
    public final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    /** Completes exceptionally when the handshake (or the connection) fails. */
    public final CompletableFuture<Void> ended = new CompletableFuture<>();
    public final AtomicInteger pingsSeen = new AtomicInteger();
    private final Disposable connection;

    private TestSocket(URI uri, HttpHeaders headers, Pings pings) {
        ReactorNettyWebSocketClient client = pings == Pings.AUTO
                ? new ReactorNettyWebSocketClient()
                : new ReactorNettyWebSocketClient(HttpClient.create(), () -> WebsocketClientSpec.builder()
                        .handlePing(true));
        this.connection = client.execute(uri, headers, session -> {
            connected.complete(null);
            Mono<Void> in = session.receive()
                    .doOnNext(message -> {
                        if (message.getType() == WebSocketMessage.Type.TEXT) {
                            frames.add(new Frame(message.getPayloadAsText(), System.nanoTime()));
                        } else if (message.getType() == WebSocketMessage.Type.PING) {
                            pingsSeen.incrementAndGet();
                        }
                    })
                    .filter(message -> pings == Pings.ANSWER && message.getType() == WebSocketMessage.Type.PING)
                    .map(ping -> session.pongMessage(factory -> factory.wrap(new byte[0])))
                    .as(session::send);
            return in.then(session.closeStatus().doOnNext(closed::complete)).then();
        }).subscribe(done -> { }, ended::completeExceptionally, () -> ended.complete(null));
    }

    public static TestSocket open(URI uri, HttpHeaders headers) {
        return new TestSocket(uri, headers, Pings.AUTO);
    }

    public static TestSocket open(URI uri, HttpHeaders headers, Pings pings) {
        return new TestSocket(uri, headers, pings);
    }

    public Frame next(Duration timeout) throws InterruptedException {
        Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + timeout);
        }
        return frame;
    }

    public List<String> drain() {
        List<Frame> all = new ArrayList<>();
        frames.drainTo(all);
        return all.stream().map(Frame::text).toList();
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
