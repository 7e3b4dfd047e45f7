package io.containerengine.deployments.routes;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.deployments.DeploymentRepository;
import io.containerengine.deployments.web.NotFoundException;

/** The gateway's Host routing table, loaded at its start; only the platform itself may read it. */
@RestController
public class RoutesController {

    public record Route(UUID deploymentId, String host, List<String> endpoints) {
    }

    public record Routes(List<Route> routes) {
    }

    private final DeploymentRepository repository;
    private final DeploymentsProperties properties;

    public RoutesController(DeploymentRepository repository, DeploymentsProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @GetMapping("/internal/routes")
    public Routes routes(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller) {
        if (!InternalIdentity.SYSTEM.equals(caller)) {
            throw new NotFoundException("Not found"); // users must not learn the endpoint exists
        }
        return new Routes(repository.findRoutable().stream()
                .map(d -> new Route(d.id(), properties.hostOf(d.appName()), d.endpoints()))
                .toList());
    }
}
