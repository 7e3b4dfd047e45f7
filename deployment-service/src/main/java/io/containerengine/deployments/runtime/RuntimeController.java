package io.containerengine.deployments.runtime;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.EventJson;
import io.containerengine.deployments.config.ApiProperties;
import io.containerengine.deployments.config.ProvisionerProperties;
import io.containerengine.deployments.deployments.Deployment;
import io.containerengine.deployments.deployments.DeploymentController;
import io.containerengine.deployments.deployments.DeploymentService;
import io.containerengine.deployments.traffic.AppTrafficService;
import io.containerengine.deployments.traffic.RequestMetrics;
import io.containerengine.deployments.web.ServiceUnavailableException;
import io.containerengine.deployments.web.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * Logs and metrics of a deployment, from the runtime through the provisioner, plus the app's request counts and
 * latency from the gateways' traffic reports; only for the owner.
 */
@RestController
@RequestMapping("/v1/deployments/{id}")
public class RuntimeController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final int DEFAULT_TAIL = 100;

    public record Logs(List<LogLine> logs) {
    }

    /**
     * {@code metrics}: the runtime's cpu/memory as the provisioner reports it, or null with {@code metrics_error}
     * when it can't answer (the request part is ours and is still served); {@code requests}: app traffic seen at
     * the gateways.
     */
    public record Metrics(JsonNode metrics, @JsonInclude(JsonInclude.Include.NON_NULL) String metricsError,
            RequestMetrics requests) {
    }

    private final DeploymentService deployments;
    private final ProvisionerClient provisioner;
    private final LogStreams streams;
    private final ApiProperties api;
    private final ProvisionerProperties provisionerProperties;
    private final AppTrafficService traffic;

    public RuntimeController(DeploymentService deployments, ProvisionerClient provisioner, LogStreams streams,
            ApiProperties api, ProvisionerProperties provisionerProperties, AppTrafficService traffic) {
        this.traffic = traffic;
        this.deployments = deployments;
        this.provisioner = provisioner;
        this.streams = streams;
        this.api = api;
        this.provisionerProperties = provisionerProperties;
    }

    /**
     * The last {@code tail} lines as JSON; with {@code follow=true} those and then new lines as NDJSON (one log
     * object per line) until the client disconnects.
     */
    @GetMapping("/logs")
    public ResponseEntity<?> logs(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id, @RequestParam(required = false) String tail,
            @RequestParam(required = false) String follow) {
        Deployment d = deployments.owned(userId, DeploymentController.parseId(id));
        int lines = tail(tail, api.maxLogTail());
        if (!booleanParam("follow", follow)) {
            return ResponseEntity.ok(new Logs(provisioner.logs(d.id(), lines)));
        }
        // Opened before the response starts, so an unavailable provisioner is still a 503 in the error shape.
        InputStream upstream = provisioner.followLogs(d.id(), lines);
        var emitter = new ResponseBodyEmitter(provisionerProperties.followTimeout().toMillis());
        Runnable closeUpstream = () -> ProvisionerClient.closeQuietly(upstream);
        emitter.onCompletion(closeUpstream);
        emitter.onTimeout(() -> {
            closeUpstream.run();
            emitter.complete();
        });
        emitter.onError(e -> closeUpstream.run());
        streams.pump(upstream,
                line -> emitter.send(EventJson.mapper().writeValueAsString(line) + "\n", MediaType.TEXT_PLAIN),
                () -> {
                    try {
                        emitter.complete();
                    } catch (RuntimeException ignored) {
                        // already completed by the container (client gone, timeout)
                    }
                });
        return ResponseEntity.ok().contentType(NDJSON).body(emitter);
    }

    @GetMapping("/metrics")
    public Metrics metrics(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        Deployment d = deployments.owned(userId, DeploymentController.parseId(id));
        RequestMetrics requests = traffic.summary(d.id());
        try {
            return new Metrics(provisioner.metrics(d.id()), null, requests);
        } catch (ServiceUnavailableException e) {
            // a stopped app has no replicas to measure but still has a traffic history
            return new Metrics(null, e.getMessage(), requests);
        }
    }

    /** {@code tail}: default 100, 0 (only new lines when following) up to the configured bound. */
    static int tail(String raw, int max) {
        return DeploymentController.intParam("tail", raw, DEFAULT_TAIL, 0, max);
    }

    static boolean booleanParam(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ValidationException.of(name, "must be true or false");
        };
    }
}
