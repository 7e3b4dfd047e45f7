package io.containerengine.provisioner.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.common.web.ApiError;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.DeploymentMetrics;
import io.containerengine.provisioner.runtime.LogLine;
import io.containerengine.provisioner.runtime.Runtime;

/**
 * Logs and metrics of a deployment's replicas for deployment-service, which checks ownership and serves them to
 * users. Only platform-signed calls ({@link InternalIdentity#SYSTEM}) get an answer; anyone else gets 404, as if
 * the endpoints did not exist.
 */
@RestController
@RequestMapping("/internal/deployments/{id}")
class InternalDeploymentsController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final Runtime runtime;
    private final LogFollowStream follows;
    private final ProvisionerProperties properties;

    InternalDeploymentsController(Runtime runtime, LogFollowStream follows, ProvisionerProperties properties) {
        this.runtime = runtime;
        this.follows = follows;
        this.properties = properties;
    }

    record LogEntry(Instant timestamp, String level, String message, String source) {
        static LogEntry of(LogLine line) {
            return new LogEntry(line.timestamp(), line.level(), line.message(), line.source());
        }
    }

    record LogsResponse(List<LogEntry> logs) {
    }

    record ReplicaMetrics(String name, double cpuPercent, long memoryBytes) {
    }

    record Metrics(double cpuPercent, long memoryBytes, Long memoryLimitBytes, List<ReplicaMetrics> replicas,
            Instant sampledAt) {
        static Metrics of(DeploymentMetrics m) {
            return new Metrics(m.cpuPercent(), m.memoryBytes(), m.memoryLimitBytes(), m.replicas().stream()
                    .map(r -> new ReplicaMetrics(r.name(), r.cpuPercent(), r.memoryBytes())).toList(), m.sampledAt());
        }
    }

    record MetricsResponse(Metrics metrics) {
    }

    @GetMapping(path = "/logs", params = "!follow")
    LogsResponse logs(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller, @PathVariable UUID id,
            @RequestParam(defaultValue = "100") int tail) {
        requireSystem(caller);
        return new LogsResponse(runtime.logs(id, lines(tail)).stream().map(LogEntry::of).toList());
    }

    @GetMapping(path = "/logs", params = "follow=false")
    LogsResponse logsNotFollowed(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller,
            @PathVariable UUID id, @RequestParam(defaultValue = "100") int tail) {
        return logs(caller, id, tail);
    }

    @GetMapping(path = "/logs", params = {"follow", "follow!=false"})
    ResponseEntity<ResponseBodyEmitter> followLogs(
            @RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller, @PathVariable UUID id,
            @RequestParam(defaultValue = "100") int tail) {
        requireSystem(caller);
        return ResponseEntity.ok().contentType(NDJSON).body(follows.open(id, lines(tail)));
    }

    @GetMapping("/metrics")
    ResponseEntity<?> metrics(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller,
            @PathVariable UUID id) {
        requireSystem(caller);
        return runtime.metrics(id)
                .<ResponseEntity<?>>map(m -> ResponseEntity.ok(new MetricsResponse(Metrics.of(m))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(ApiError.of("metrics unavailable")));
    }

    private int lines(int tail) {
        return Math.max(0, Math.min(tail, properties.logs().maxTail()));
    }

    /** Users (through the gateway) must not learn these paths exist. */
    private static void requireSystem(UUID caller) {
        if (!InternalIdentity.SYSTEM.equals(caller)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found");
        }
    }
}
