package io.containerengine.deployments.deployments;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.deployments.deployments.DeploymentDtos.Deleted;
import io.containerengine.deployments.deployments.DeploymentDtos.Details;
import io.containerengine.deployments.deployments.DeploymentDtos.Page;
import io.containerengine.deployments.deployments.DeploymentDtos.Revisions;
import io.containerengine.deployments.deployments.DeploymentDtos.RolledBack;
import io.containerengine.deployments.deployments.DeploymentDtos.Scaled;
import io.containerengine.deployments.deployments.DeploymentDtos.Started;
import io.containerengine.deployments.deployments.DeploymentDtos.StatusView;
import io.containerengine.deployments.deployments.DeploymentDtos.Stopped;
import io.containerengine.deployments.deployments.DeploymentDtos.Updated;
import io.containerengine.deployments.web.NotFoundException;
import io.containerengine.deployments.web.ValidationException;

@RestController
@RequestMapping("/v1/deployments")
public class DeploymentController {

    static final int MAX_LIMIT = 100;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final DeploymentService service;

    public DeploymentController(DeploymentService service) {
        this.service = service;
    }

    /**
     * With an {@code Idempotency-Key}, a retry of the same request by the same user gets the first answer again
     * (marked {@code Idempotent-Replayed: true}) and creates nothing.
     */
    @PostMapping
    public ResponseEntity<?> create(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @RequestBody(required = false) CreateDeploymentRequest request) {
        var outcome = service.create(userId, request, idempotencyKey);
        if (outcome.replayed()) {
            return ResponseEntity.status(outcome.replayStatus()).contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", "true").body(outcome.replayBody());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(outcome.created());
    }

    @GetMapping
    public Page list(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String status) {
        int p = intParam("page", page, 1, 1, Integer.MAX_VALUE);
        int l = intParam("limit", limit, 10, 1, MAX_LIMIT);
        return service.list(userId, p, l, statusParam(status));
    }

    @GetMapping("/{id}")
    public Details get(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId, @PathVariable String id) {
        return service.get(userId, parseId(id));
    }

    @PutMapping("/{id}")
    public Updated update(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId, @PathVariable String id,
            @RequestBody(required = false) UpdateDeploymentRequest request) {
        return service.update(userId, parseId(id), request);
    }

    @PatchMapping("/{id}/scale")
    public Scaled scale(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId, @PathVariable String id,
            @RequestBody(required = false) ScaleDeploymentRequest request) {
        return service.scale(userId, parseId(id), request);
    }

    @PostMapping("/{id}/stop")
    public Stopped stop(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId, @PathVariable String id) {
        return service.stop(userId, parseId(id));
    }

    @PostMapping("/{id}/start")
    public Started start(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return service.start(userId, parseId(id));
    }

    @DeleteMapping("/{id}")
    public Deleted delete(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return service.delete(userId, parseId(id));
    }

    @GetMapping("/{id}/status")
    public StatusView status(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return service.status(userId, parseId(id));
    }

    @GetMapping("/{id}/revisions")
    public Revisions revisions(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return service.revisions(userId, parseId(id));
    }

    @PostMapping("/{id}/rollback")
    public RolledBack rollback(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id, @RequestBody(required = false) RollbackRequest request) {
        return service.rollback(userId, parseId(id), request);
    }

    /** A malformed id names no deployment: 404, like an unknown one. */
    public static UUID parseId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (!uuid.toString().equalsIgnoreCase(id)) {
                throw new IllegalArgumentException();
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(DeploymentService.NOT_FOUND);
        }
    }

    public static int intParam(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ValidationException.of(name, max == Integer.MAX_VALUE ? "must be an integer of at least " + min
                : "must be an integer between " + min + " and " + max);
    }

    private static DeploymentStatus statusParam(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return DeploymentStatus.of(raw.trim());
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("status",
                    "must be one of pending, deploying, updating, running, stopped, failed, deleting");
        }
    }
}
