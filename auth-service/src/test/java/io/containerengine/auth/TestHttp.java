package io.containerengine.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.containerengine.common.identity.InternalIdentity;

/**
 * A plain HTTP client against the running service, so tests see exactly what the gateway would see. Each client
 * is one "browser": the gateway's {@code X-Forwarded-For} names a client address of its own, so that per-address
 * rate limits of one test don't spill into another.
 */
public final class TestHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String clientAddress = randomAddress();

    public TestHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** The address the (simulated) gateway reports for this client from now on. */
    public TestHttp from(String address) {
        this.clientAddress = address;
        return this;
    }

    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public Response post(String path, String json) {
        return post(path, json, null);
    }

    public Response post(String path, String json, String identity) {
        return post(path, json, identity, null);
    }

    /** @param accessToken forwarded as {@code Authorization: Bearer}, as the gateway does */
    public Response post(String path, String json, String identity, String accessToken) {
        return send(json(path, json).POST(HttpRequest.BodyPublishers.ofString(json)), identity, accessToken);
    }

    public Response put(String path, String json, String identity) {
        return put(path, json, identity, null);
    }

    public Response put(String path, String json, String identity, String accessToken) {
        return send(json(path, json).PUT(HttpRequest.BodyPublishers.ofString(json)), identity, accessToken);
    }

    public Response get(String path, String identity) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), identity, null);
    }

    public Response delete(String path, String identity) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), identity, null);
    }

    /** Sends {@code request} as built by the caller (headers, body publisher) to {@code path}. */
    public Response send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> request) {
        return send(request.apply(HttpRequest.newBuilder(URI.create(base + path))), null, null);
    }

    public static String identity(String secret, UUID userId) {
        return new InternalIdentity(secret).sign(userId);
    }

    private HttpRequest.Builder json(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    }

    private Response send(HttpRequest.Builder builder, String identity, String accessToken) {
        if (identity != null) {
            builder.header(InternalIdentity.HEADER, identity);
        }
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        // What the gateway does: it appends the peer it saw to whatever the client sent.
        builder.header("X-Forwarded-For", clientAddress);
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }
}
