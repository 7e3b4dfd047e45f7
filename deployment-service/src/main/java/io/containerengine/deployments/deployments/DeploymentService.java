package io.containerengine.deployments.deployments;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.EventTypes;
import io.containerengine.deployments.deployments.DeploymentDtos.Created;
import io.containerengine.deployments.deployments.DeploymentDtos.Details;
import io.containerengine.deployments.deployments.DeploymentDtos.Page;
import io.containerengine.deployments.deployments.DeploymentDtos.Pagination;
import io.containerengine.deployments.deployments.DeploymentDtos.Summary;
import io.containerengine.deployments.web.ConflictException;
import io.containerengine.deployments.web.NotFoundException;

@Service
public class DeploymentService {

    static final String NOT_FOUND = "Deployment not found";

    private final DeploymentRepository repository;
    private final DeploymentValidator validator;
    private final DeploymentEvents events;
    private final RegistryPasswordCipher cipher;

    public DeploymentService(DeploymentRepository repository, DeploymentValidator validator, DeploymentEvents events,
            RegistryPasswordCipher cipher) {
        this.repository = repository;
        this.validator = validator;
        this.events = events;
        this.cipher = cipher;
    }

    /** Records the deployment as pending and, in the same transaction, the events that start its provisioning. */
    @Transactional
    public Created create(UUID userId, CreateDeploymentRequest request) {
        DeploymentSpec spec = validator.validateCreate(request);
        if (repository.existsLiveAppName(spec.appName())) {
            throw appNameTaken();
        }
        // Micros: what PostgreSQL keeps, so the response and later reads agree.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var auth = spec.registryAuth();
        var deployment = new Deployment(UUID.randomUUID(), userId, spec.appName(), spec.image(), spec.port(),
                spec.envVars(), spec.replicas(), spec.resources(), spec.healthCheck(),
                auth == null ? null : auth.server(), auth == null ? null : auth.username(),
                auth == null ? null : cipher.encrypt(auth.password()),
                1L, DeploymentStatus.PENDING, null, List.of(), 0, null, null, now, now, null);
        try {
            repository.insert(deployment);
        } catch (DuplicateKeyException e) {
            throw appNameTaken(); // lost a race for the same name
        }
        events.desiredState(EventTypes.DEPLOYMENT_CREATED, deployment);
        events.statusChanged(deployment, DeploymentStatus.PENDING, null, null, List.of(), null);
        return new Created(deployment.id(), deployment.appName(), deployment.image(), deployment.status(), null,
                deployment.createdAt(), "Deployment is being processed");
    }

    @Transactional(readOnly = true)
    public Page list(UUID userId, int page, int limit, DeploymentStatus status) {
        long total = repository.count(userId, status);
        List<Summary> items = repository.findPage(userId, status, limit, (long) (page - 1) * limit).stream()
                .map(Summary::of).toList();
        long totalPages = (total + limit - 1) / limit;
        return new Page(items, new Pagination(page, limit, total, totalPages));
    }

    @Transactional(readOnly = true)
    public Details get(UUID userId, UUID id) {
        return repository.findOwned(id, userId).map(Details::of).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }

    private static ConflictException appNameTaken() {
        return new ConflictException("App name already exists");
    }
}
