package io.containerengine.deployments.domains;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.deployments.deployments.DeploymentController;
import io.containerengine.deployments.domains.DomainDtos.AddDomainRequest;
import io.containerengine.deployments.domains.DomainDtos.DomainList;
import io.containerengine.deployments.domains.DomainDtos.DomainView;
import io.containerengine.deployments.domains.DomainDtos.Removed;
import io.containerengine.deployments.web.NotFoundException;

@RestController
@RequestMapping("/v1/deployments/{id}/domains")
public class DomainController {

    private final DomainService service;

    public DomainController(DomainService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public DomainView add(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId, @PathVariable String id,
            @RequestBody(required = false) AddDomainRequest request) {
        return service.add(userId, DeploymentController.parseId(id), request == null ? null : request.domain());
    }

    @GetMapping
    public DomainList list(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id) {
        return service.list(userId, DeploymentController.parseId(id));
    }

    @PostMapping("/{domainId}/verify")
    public DomainView verify(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id, @PathVariable String domainId) {
        UUID deploymentId = DeploymentController.parseId(id);
        return service.verify(userId, deploymentId, domainId(domainId));
    }

    @DeleteMapping("/{domainId}")
    public Removed remove(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @PathVariable String id, @PathVariable String domainId) {
        UUID deploymentId = DeploymentController.parseId(id);
        return service.remove(userId, deploymentId, domainId(domainId));
    }

    private static UUID domainId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(DomainService.NOT_FOUND);
        }
    }
}
