package io.containerengine.deployments.deployments;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.deployments.deployments.DeploymentDtos.Created;
import io.containerengine.deployments.deployments.DeploymentDtos.Details;
import io.containerengine.deployments.deployments.DeploymentDtos.Page;
import io.containerengine.deployments.web.NotFoundException;
import io.containerengine.deployments.web.ValidationException;

@RestController
@RequestMapping("/v1/deployments")
public class DeploymentController {

    static final int MAX_LIMIT = 100;

    private final DeploymentService service;

    public DeploymentController(DeploymentService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Created create(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @RequestBody(required = false) CreateDeploymentRequest request) {
        return service.create(userId, request);
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

    /** A malformed id names no deployment: 404, like an unknown one. */
    static UUID parseId(String id) {
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

    private static int intParam(String name, String raw, int defaultValue, int min, int max) {
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
