package io.containerengine.deployments;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.containerengine.common.identity.InternalIdentity;

/**
 * The provisioner-worker's internal logs/metrics API as deployment-service relies on it (see ProvisionerClient),
 * on a random port. Refuses calls that are not signed as the platform.
 */
public final class FakeProvisioner {

    private static final Pattern PATH = Pattern.compile("/internal/deployments/([0-9a-f-]{36})/(logs|metrics)");

    private final HttpServer server;
    private final InternalIdentity identity;
    private final Map<UUID, List<String>> logs = new ConcurrentHashMap<>();
    private final Map<UUID, String> metrics = new ConcurrentHashMap<>();
    /** Followed streams of these deployments stay open (a line every 50 ms) until the reader goes away. */
    private final Set<UUID> holdOpen = ConcurrentHashMap.newKeySet();
    /** Deployments whose held-open stream noticed that the reader went away. */
    public final Set<UUID> followersGone = ConcurrentHashMap.newKeySet();
    public final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FakeProvisioner(String identitySecret) {
        this.identity = new InternalIdentity(identitySecret);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-provisioner");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static String line(Instant at, String level, String message, String source) {
        return """
                {"timestamp":"%s","level":"%s","message":"%s","source":"%s"}""".formatted(at, level, message, source);
    }

    public void logs(UUID id, List<String> lines) {
        logs.put(id, List.copyOf(lines));
    }

    public void metrics(UUID id, String metricsObjectJson) {
        metrics.put(id, metricsObjectJson);
    }

    public void holdOpen(UUID id) {
        holdOpen.add(id);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI().toString());
            var caller = identity.verify(exchange.getRequestHeaders().getFirst(InternalIdentity.HEADER));
            if (caller.isEmpty() || !caller.get().equals(InternalIdentity.SYSTEM)) {
                respond(exchange, 401, "{\"error\":{\"message\":\"Authentication required\"}}");
                return;
            }
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                respond(exchange, 404, "{\"error\":{\"message\":\"Not found\"}}");
                return;
            }
            UUID id = UUID.fromString(m.group(1));
            String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
            if (m.group(2).equals("metrics")) {
                String body = metrics.get(id);
                if (body == null) {
                    respond(exchange, 503, "{\"error\":{\"message\":\"metrics unavailable\"}}");
                } else {
                    respond(exchange, 200, "{\"metrics\":" + body + "}");
                }
                return;
            }
            List<String> all = logs.get(id);
            if (all == null) {
                respond(exchange, 503, "{\"error\":{\"message\":\"logs unavailable\"}}");
                return;
            }
            int tail = Integer.parseInt(param(query, "tail", "100"));
            List<String> last = all.subList(Math.max(0, all.size() - tail), all.size());
            if (!"true".equals(param(query, "follow", "false"))) {
                respond(exchange, 200, "{\"logs\":[" + String.join(",", last) + "]}");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String line : last) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            if (holdOpen.contains(id)) {
                try {
                    for (int i = 0; ; i++) {
                        Thread.sleep(50);
                        out.write((line(Instant.now(), "info", "tick " + i, "app") + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException e) {
                    followersGone.add(id);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static String param(String query, String name, String fallback) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return fallback;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** {@code n} numbered lines, a second apart, from two replicas. */
    public static List<String> numberedLines(int n) {
        List<String> out = new ArrayList<>(n);
        Instant start = Instant.parse("2025-01-01T12:00:00Z");
        for (int i = 0; i < n; i++) {
            out.add(line(start.plusSeconds(i), "info", "line " + i, i % 2 == 0 ? "app" : "replica-2"));
        }
        return out;
    }
}
