package io.containerengine.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for tests (JDK HttpServer on 127.0.0.1): records every request by path and answers with
 * scripted status codes (then 200).
 */
public final class TestReceiver implements AutoCloseable {

    /** One received request; header names lower-cased. */
    public record Request(String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Map<String, List<Request>> byPath = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;

    public TestReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next requests on {@code path} get these codes, in order; later ones 200. */
    public void respond(String path, int... codes) {
        Deque<Integer> script = scripts.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (script) {
            for (int code : codes) {
                script.add(code);
            }
        }
    }

    /** Every request on {@code path} gets this code from now on. */
    public void always(String path, int code) {
        scripts.put(path, new ArrayDeque<>() {
            @Override
            public Integer poll() {
                return code;
            }
        });
    }

    public void delayResponses(Duration delay) {
        this.delay = delay;
    }

    public List<Request> requests(String path) {
        return new ArrayList<>(byPath.getOrDefault(path, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getPath();
        byPath.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Request(path, headers, body));
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Integer code = null;
        Deque<Integer> script = scripts.get(path);
        if (script != null) {
            synchronized (script) {
                code = script.poll();
            }
        }
        int status = code == null ? 200 : code;
        if (status >= 300 && status < 400) {
            exchange.getResponseHeaders().set("Location", "/redirected");
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
