package io.containerengine.apikeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.containerengine.common.identity.InternalIdentity;

/** A plain HTTP client against the running service, so tests see exactly what the gateway would see. */
public final class TestHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public TestHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response post(String path, String json) {
        return post(path, json, null);
    }

    public Response post(String path, String json, String identity) {
        var builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(builder, identity);
    }

    public Response get(String path, String identity) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), identity);
    }

    /** Sends {@code request} as built by the caller (headers, body publisher) to {@code path}. */
    public Response send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> request) {
        return send(request.apply(HttpRequest.newBuilder(URI.create(base + path))), null);
    }

    public Response delete(String path, String identity) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), identity);
    }

    public static String identity(String secret, UUID userId) {
        return new InternalIdentity(secret).sign(userId);
    }

    private Response send(HttpRequest.Builder builder, String identity) {
        if (identity != null) {
            builder.header(InternalIdentity.HEADER, identity);
        }
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
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
