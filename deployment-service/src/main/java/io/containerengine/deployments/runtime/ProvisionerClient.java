package io.containerengine.deployments.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.EventJson;
import io.containerengine.deployments.config.ProvisionerProperties;
import io.containerengine.deployments.web.ServiceUnavailableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Client of the provisioner-worker's internal API (the gateway never exposes it). Every call is signed as the
 * platform: header {@code X-CE-Identity: identity.sign(InternalIdentity.SYSTEM)}.
 *
 * <p>Contract, served at {@code PROVISIONER_URL} (default http://127.0.0.1:8084):
 * <ul>
 * <li>{@code GET /internal/deployments/{id}/logs?tail=N} → 200
 * {@code {"logs":[{"timestamp","level","message","source"}]}}, oldest first, all replicas merged</li>
 * <li>{@code GET /internal/deployments/{id}/logs?tail=N&follow=true} → 200 {@code application/x-ndjson}: the last N
 * lines, then new ones as they come, one log object per line, until the client closes</li>
 * <li>{@code GET /internal/deployments/{id}/metrics} → 200 {@code {"metrics":{"cpu_percent","memory_bytes",
 * "memory_limit_bytes","replicas":[...],"sampled_at"}}}, or 503 {@code {"error":{"message":"metrics unavailable"}}}</li>
 * </ul>
 * A 404 for logs (the runtime has nothing of the deployment, e.g. stopped) is an empty log; anything else that
 * is not 200 — and the provisioner being unreachable — is a 503 to the user.
 */
@Component
public class ProvisionerClient {

    private static final Logger log = LoggerFactory.getLogger(ProvisionerClient.class);

    private final HttpClient http;
    private final InternalIdentity identity;
    private final ProvisionerProperties properties;
    private final String baseUrl;

    public ProvisionerClient(InternalIdentity identity, ProvisionerProperties properties) {
        this.identity = identity;
        this.properties = properties;
        this.baseUrl = properties.url().endsWith("/")
                ? properties.url().substring(0, properties.url().length() - 1) : properties.url();
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The last {@code tail} lines. */
    public List<LogLine> logs(UUID deploymentId, int tail) {
        HttpResponse<String> response = send(request(deploymentId, "/logs?tail=" + tail)
                .timeout(properties.requestTimeout()).build(), HttpResponse.BodyHandlers.ofString(), "Logs");
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw unavailable("Logs", response.statusCode());
        }
        try {
            JsonNode lines = EventJson.mapper().readTree(response.body()).path("logs");
            List<LogLine> out = new ArrayList<>(lines.size());
            for (JsonNode line : lines) {
                out.add(EventJson.mapper().treeToValue(line, LogLine.class));
            }
            return out;
        } catch (JacksonException e) {
            log.warn("Unreadable logs answer from the provisioner for {}: {}", deploymentId, e.getOriginalMessage());
            throw new ServiceUnavailableException("Logs unavailable");
        }
    }

    /**
     * The followed log stream (NDJSON); the caller reads it until it ends and must close it, which closes the
     * connection and so tells the provisioner to stop.
     */
    public InputStream followLogs(UUID deploymentId, int tail) {
        // No request timeout: the stream lasts as long as someone follows it (bounded by the caller).
        HttpResponse<InputStream> response = send(request(deploymentId, "/logs?tail=" + tail + "&follow=true")
                .build(), HttpResponse.BodyHandlers.ofInputStream(), "Logs");
        if (response.statusCode() != 200) {
            closeQuietly(response.body());
            throw unavailable("Logs", response.statusCode());
        }
        return response.body();
    }

    /** The {@code metrics} object as the provisioner reports it. */
    public JsonNode metrics(UUID deploymentId) {
        HttpResponse<String> response = send(request(deploymentId, "/metrics")
                .timeout(properties.requestTimeout()).build(), HttpResponse.BodyHandlers.ofString(), "Metrics");
        if (response.statusCode() != 200) {
            throw unavailable("Metrics", response.statusCode());
        }
        try {
            JsonNode metrics = EventJson.mapper().readTree(response.body()).get("metrics");
            if (metrics == null || !metrics.isObject()) {
                throw new ServiceUnavailableException("Metrics unavailable");
            }
            return metrics;
        } catch (JacksonException e) {
            throw new ServiceUnavailableException("Metrics unavailable");
        }
    }

    /** Parses one line of a followed stream; null for blank or unreadable lines. */
    static LogLine parseLine(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(line, LogLine.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    private HttpRequest.Builder request(UUID deploymentId, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/internal/deployments/" + deploymentId + pathAndQuery))
                .header(InternalIdentity.HEADER, identity.sign(InternalIdentity.SYSTEM))
                .header("Accept", pathAndQuery.contains("follow=true") ? "application/x-ndjson" : "application/json")
                .GET();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            log.debug("Provisioner unreachable for {}: {}", request.uri(), e.toString());
            throw new ServiceUnavailableException(what + " unavailable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(what + " unavailable", e);
        }
    }

    private static ServiceUnavailableException unavailable(String what, int status) {
        log.debug("Provisioner answered {} for {}", status, what);
        return new ServiceUnavailableException(what + " unavailable");
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
