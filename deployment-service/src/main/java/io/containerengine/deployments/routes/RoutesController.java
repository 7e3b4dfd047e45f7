package io.containerengine.deployments.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.deployments.Deployment;
import io.containerengine.deployments.deployments.DeploymentRepository;
import io.containerengine.deployments.domains.CustomDomainRepository;
import io.containerengine.deployments.web.NotFoundException;

/**
 * The gateway's Host routing table, loaded at its start; only the platform itself may read it. Each serving
 * deployment has a route for {@code <app>.<DOMAIN_SUFFIX>} and one per verified custom domain (same endpoints).
 */
@RestController
public class RoutesController {

    public record Route(UUID deploymentId, String host, List<String> endpoints) {
    }

    public record Routes(List<Route> routes) {
    }

    private final DeploymentRepository repository;
    private final CustomDomainRepository domains;
    private final DeploymentsProperties properties;

    public RoutesController(DeploymentRepository repository, CustomDomainRepository domains,
            DeploymentsProperties properties) {
        this.repository = repository;
        this.domains = domains;
        this.properties = properties;
    }

    @GetMapping("/internal/routes")
    @Transactional(readOnly = true)
    public Routes routes(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller) {
        if (!InternalIdentity.SYSTEM.equals(caller)) {
            throw new NotFoundException("Not found"); // users must not learn the endpoint exists
        }
        Map<UUID, List<String>> customDomains = domains.verifiedByDeployment();
        List<Route> routes = new ArrayList<>();
        for (Deployment d : repository.findRoutable()) {
            routes.add(new Route(d.id(), properties.hostOf(d.appName()), d.endpoints()));
            for (String domain : customDomains.getOrDefault(d.id(), List.of())) {
                routes.add(new Route(d.id(), domain, d.endpoints()));
            }
        }
        return new Routes(routes);
    }
}
