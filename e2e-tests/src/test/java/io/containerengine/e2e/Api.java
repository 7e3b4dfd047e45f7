package io.containerengine.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A thin HTTP client for the platform's API through the gateway. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, JsonNode body, String text) {
    }

    private Api() {
    }

    static Response post(String path, String token, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(Platform.gateway() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(withToken(request, token));
    }

    static Response put(String path, String token, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(Platform.gateway() + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        return send(withToken(request, token));
    }

    static Response patch(String path, String token, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(Platform.gateway() + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        return send(withToken(request, token));
    }

    static Response get(String path, String token) throws IOException, InterruptedException {
        return send(withToken(HttpRequest.newBuilder(URI.create(Platform.gateway() + path)).GET(), token));
    }

    /** A request to a deployed app: the gateway's address with the app's Host header. */
    static HttpResponse<String> app(String host, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(Platform.gateway() + path))
                .header("Host", host)
                .timeout(Duration.ofSeconds(5))
                .GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest withToken(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.timeout(Duration.ofSeconds(10)).build();
    }

    private static Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        String text = response.body();
        if (text != null && !text.isBlank() && text.trim().startsWith("{")) {
            body = JSON.readTree(text);
        }
        return new Response(response.statusCode(), body, text);
    }

    /** Registers a fresh user and returns its access token. */
    static String registerUser(String name) throws IOException, InterruptedException {
        String json = """
                {"username":"%s","email":"%s@example.com","password":"correct-horse-42","confirm_password":"correct-horse-42"}
                """.formatted(name, name);
        Response response = post("/v1/auth/register", null, json);
        if (response.status() != 201) {
            throw new IllegalStateException("register answered " + response.status() + ": " + response.text());
        }
        return response.body().get("access_token").asString();
    }
}
