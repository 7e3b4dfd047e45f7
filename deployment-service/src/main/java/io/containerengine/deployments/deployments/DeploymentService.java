package io.containerengine.deployments.deployments;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.deployments.deployments.DeploymentDtos.Created;
import io.containerengine.deployments.deployments.DeploymentDtos.Deleted;
import io.containerengine.deployments.deployments.DeploymentDtos.Details;
import io.containerengine.deployments.deployments.DeploymentDtos.Page;
import io.containerengine.deployments.deployments.DeploymentDtos.Pagination;
import io.containerengine.deployments.deployments.DeploymentDtos.ReplicasView;
import io.containerengine.deployments.deployments.DeploymentDtos.RevisionView;
import io.containerengine.deployments.deployments.DeploymentDtos.Revisions;
import io.containerengine.deployments.deployments.DeploymentDtos.RolledBack;
import io.containerengine.deployments.deployments.DeploymentDtos.Scaled;
import io.containerengine.deployments.deployments.DeploymentDtos.Started;
import io.containerengine.deployments.deployments.DeploymentDtos.StatusView;
import io.containerengine.deployments.deployments.DeploymentDtos.Stopped;
import io.containerengine.deployments.deployments.DeploymentDtos.Summary;
import io.containerengine.deployments.deployments.DeploymentDtos.Updated;
import io.containerengine.deployments.deployments.DeploymentStateMachine.Command;
import io.containerengine.deployments.deployments.DeploymentStateMachine.Decision;
import io.containerengine.deployments.idempotency.IdempotencyKeys;
import io.containerengine.deployments.web.ConflictException;
import io.containerengine.deployments.web.NotFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deployments' desired state. Every change is one transaction: the row, its revision, and the events (outbox)
 * that tell the runtime, the gateway and the notifications about it. Other users' deployments do not exist here
 * (404), whatever the operation.
 */
@Service
public class DeploymentService {

    public static final String NOT_FOUND = "Deployment not found";

    private final DeploymentRepository repository;
    private final RevisionRepository revisions;
    private final DeploymentValidator validator;
    private final DeploymentEvents events;
    private final SecretBox secrets;
    private final IdempotencyKeys idempotency;
    private final ApplicationEventPublisher publisher;
    private final JsonMapper json;
    private final VerifiedDomains verifiedDomains;
    private final int maxDeploymentsPerUser;

    public DeploymentService(DeploymentRepository repository, RevisionRepository revisions,
            DeploymentValidator validator, DeploymentEvents events, SecretBox secrets, IdempotencyKeys idempotency,
            ApplicationEventPublisher publisher, JsonMapper json, VerifiedDomains verifiedDomains,
            DeploymentsProperties properties) {
        this.repository = repository;
        this.revisions = revisions;
        this.validator = validator;
        this.events = events;
        this.secrets = secrets;
        this.idempotency = idempotency;
        this.publisher = publisher;
        this.json = json;
        this.verifiedDomains = verifiedDomains;
        this.maxDeploymentsPerUser = properties.maxDeploymentsPerUser();
    }

    /** The answer to a create: a new deployment, or the stored answer replayed for a retried Idempotency-Key. */
    public record CreateOutcome(Created created, int replayStatus, String replayBody) {
        public boolean replayed() {
            return replayBody != null;
        }
    }

    /** Records the deployment as pending and, in the same transaction, the events that start its provisioning. */
    @Transactional
    public CreateOutcome create(UUID userId, CreateDeploymentRequest request, String idempotencyKey) {
        if (idempotencyKey != null) {
            var stored = idempotency.begin(userId, idempotencyKey, IdempotencyKeys.hash(canonical(request)));
            if (stored.isPresent()) {
                return new CreateOutcome(null, stored.get().status(), stored.get().body());
            }
        }
        Created created = create(userId, request);
        if (idempotencyKey != null) {
            idempotency.complete(userId, idempotencyKey, 201, json.writeValueAsString(created));
        }
        return new CreateOutcome(created, 0, null);
    }

    private Created create(UUID userId, CreateDeploymentRequest request) {
        DeploymentSpec spec = validator.validateCreate(request);
        if (repository.existsLiveAppName(spec.appName())) {
            throw appNameTaken();
        }
        // Counted under a per-user lock held to the commit: two creates at once cannot both take the last place.
        repository.lockUser(userId);
        if (repository.count(userId, null) >= maxDeploymentsPerUser) {
            throw new ConflictException("Deployment limit reached", "at most " + maxDeploymentsPerUser
                    + " deployments per user; delete one to create another");
        }
        // Micros: what PostgreSQL keeps, so the response and later reads agree.
        Instant now = now();
        var auth = spec.registryAuth();
        var deployment = Deployment.created(UUID.randomUUID(), userId, spec,
                SecretEnvVars.encrypt(secrets, spec.secretEnvVars()),
                auth == null ? null : secrets.encrypt(auth.password()), now);
        try {
            repository.insert(deployment);
        } catch (DuplicateKeyException e) {
            throw appNameTaken(); // lost a race for the same name
        }
        revisions.insert(revisionOf(deployment.id(), 1, 1L, Revision.CREATE, null, spec,
                deployment.secretEnvVarsCiphertext(), now));
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
        return Details.of(owned(userId, id));
    }

    /** The caller's deployment; 404 for anyone else's, for unknown and for deleted ones. */
    @Transactional(readOnly = true)
    public Deployment owned(UUID userId, UUID id) {
        return repository.findOwned(id, userId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }

    /** A new configuration rolls out: new generation, new revision, status {@code updating}. */
    @Transactional
    public Updated update(UUID userId, UUID id, UpdateDeploymentRequest request) {
        Deployment d = ownedForUpdate(userId, id);
        DeploymentSpec spec = validator.validateUpdate(request, d);
        Decision decision = DeploymentStateMachine.rollout(d.status(), Command.UPDATE, spec.replicas());
        // New secret values are sealed now (a mask keeps the current one); without any, the stored ciphertext stays.
        Map<String, String> secretCiphertext = spec.secretEnvVars() == null ? d.secretEnvVarsCiphertext()
                : SecretEnvVars.encrypt(secrets, spec.secretEnvVars(), d.secretEnvVarsCiphertext());
        Deployment after = rollOut(d, spec, secretCiphertext, Revision.UPDATE, null, decision.target());
        return new Updated(after.id(), after.status(), after.status() == DeploymentStatus.STOPPED
                ? "Deployment updated; it stays stopped" : "Deployment update in progress", after.updatedAt());
    }

    @Transactional
    public RolledBack rollback(UUID userId, UUID id, RollbackRequest request) {
        Deployment d = ownedForUpdate(userId, id);
        int target = validator.validateRollback(request);
        Revision r = revisions.find(d.id(), target).orElseThrow(() -> new NotFoundException("Revision not found"));
        Decision decision = DeploymentStateMachine.rollout(d.status(), Command.ROLLBACK, d.replicas());
        var spec = new DeploymentSpec(d.appName(), r.image(), r.port(), r.envVars(), null, d.replicas(),
                r.resources(), r.healthCheck(), null);
        // The revision's secret env vars come back as they were sealed then.
        Deployment after = rollOut(d, spec, r.secretEnvVarsCiphertext(), Revision.ROLLBACK, target,
                decision.target());
        return new RolledBack(after.id(), after.status(), after.revision(), target,
                "Rollback to revision " + target + " in progress", after.updatedAt());
    }

    @Transactional(readOnly = true)
    public Revisions revisions(UUID userId, UUID id) {
        Deployment d = owned(userId, id);
        List<RevisionView> all = revisions.findAll(d.id()).stream()
                .map(r -> RevisionView.of(r, d.revision())).toList();
        return new Revisions(all, d.revision());
    }

    @Transactional
    public Scaled scale(UUID userId, UUID id, ScaleDeploymentRequest request) {
        Deployment d = ownedForUpdate(userId, id);
        int replicas = validator.validateScale(request);
        Decision decision = DeploymentStateMachine.scale(d.status(), d.replicas(), replicas);
        DeploymentStatus status = decision.target();
        if (!decision.noOp()) {
            int restore = replicas > 0 ? replicas : Math.max(d.replicas(), d.restoreReplicas());
            status = changeReplicas(d, replicas, restore, decision.target()).status();
        }
        return new Scaled(d.id(), replicas, status, replicas == 0
                ? "Deployment scaled to 0 replicas and stopped" : "Deployment scaled successfully");
    }

    @Transactional
    public Stopped stop(UUID userId, UUID id) {
        Deployment d = ownedForUpdate(userId, id);
        Decision decision = DeploymentStateMachine.stop(d.status());
        if (decision.noOp()) {
            return new Stopped(d.id(), d.status(), "Deployment already stopped");
        }
        int restore = d.replicas() > 0 ? d.replicas() : d.restoreReplicas();
        Deployment after = changeReplicas(d, 0, restore, decision.target());
        return new Stopped(after.id(), after.status(), "Deployment stopped successfully");
    }

    @Transactional
    public Started start(UUID userId, UUID id) {
        Deployment d = ownedForUpdate(userId, id);
        Decision decision = DeploymentStateMachine.start(d.status());
        if (decision.noOp()) {
            return new Started(d.id(), d.status(), d.replicas(), "Deployment already started");
        }
        int replicas = d.replicas() > 0 ? d.replicas() : Math.max(1, d.restoreReplicas());
        Deployment after = changeReplicas(d, replicas, replicas, decision.target());
        return new Started(after.id(), after.status(), after.replicas(), "Deployment started successfully");
    }

    /**
     * Starts the deletion: the runtime is told to remove everything ({@code deployment.deleted}), the app name is
     * free at once, and the row disappears when the runtime confirms. Deleting again meanwhile answers the same.
     */
    @Transactional
    public Deleted delete(UUID userId, UUID id) {
        Deployment d = ownedForUpdate(userId, id);
        Decision decision = DeploymentStateMachine.delete(d.status());
        if (!decision.noOp()) {
            repository.markDeleting(d.id(), d.generation() + 1, now());
            publisher.publishEvent(new DeploymentDeletionStarted(d.id()));
            Deployment after = repository.findForUpdate(d.id()).orElseThrow();
            events.deleted(after);
            events.statusChanged(after, DeploymentStatus.DELETING, d.status(), d.url(), List.of(), null);
        }
        return new Deleted("Deployment deleted successfully", d.id(), d.appName(), true);
    }

    /** Runtime status as last observed; nothing here is made up. */
    @Transactional(readOnly = true)
    public StatusView status(UUID userId, UUID id) {
        Deployment d = owned(userId, id);
        boolean serving = d.status() == DeploymentStatus.RUNNING || d.status() == DeploymentStatus.UPDATING;
        Duration uptime = serving && d.runningSince() != null
                ? Duration.between(d.runningSince(), Instant.now()) : Duration.ZERO;
        return new StatusView(d.status(), d.observedHealth() == null ? "unknown" : d.observedHealth(),
                new ReplicasView(d.replicas(), d.readyReplicas(), d.endpoints().size()), d.lastHealthCheckAt(),
                formatUptime(uptime), d.restartCount());
    }

    /** {@code 1d2h3m4s} style, largest unit first, zero units left out; {@code 0s} for nothing. */
    static String formatUptime(Duration uptime) {
        long seconds = Math.max(0, uptime.getSeconds());
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (secs > 0) {
            out.append(secs).append('s');
        }
        return out.toString();
    }

    private Deployment ownedForUpdate(UUID userId, UUID id) {
        return repository.findOwnedForUpdate(id, userId).orElseThrow(() -> new NotFoundException(NOT_FOUND));
    }

    /**
     * Changes a deployment's custom domains under its row lock, in one transaction. When the verified (routed)
     * domains differ afterwards, a new generation is announced with the status unchanged: the desired state, so
     * that the runtime updates its Ingress hosts, and a status change with the current endpoints, so that gateways
     * add or drop Host routes at once.
     */
    @Transactional
    public <T> T changeDomains(UUID userId, UUID id, Function<Deployment, T> change) {
        Deployment d = ownedForUpdate(userId, id);
        DeploymentStateMachine.requireDomainsChangeable(d.status());
        List<String> before = verifiedDomains.of(d.id());
        T result = change.apply(d);
        if (!before.equals(verifiedDomains.of(d.id()))) {
            repository.bumpGeneration(d.id(), d.generation() + 1, now());
            Deployment after = repository.findForUpdate(d.id()).orElseThrow();
            events.desiredState(EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED, after);
            events.statusChanged(after, after.status(), d.status(), after.url(), after.endpoints(),
                    after.errorMessage());
        }
        return result;
    }

    /** Writes a new configuration with a new generation and revision, and announces it. */
    private Deployment rollOut(Deployment d, DeploymentSpec spec, Map<String, String> secretCiphertext, String cause,
            Integer sourceRevision, DeploymentStatus target) {
        Instant now = now();
        String server = null;
        String username = null;
        String cipher = null;
        if (spec.registryAuth() != null) {
            server = spec.registryAuth().server();
            username = spec.registryAuth().username();
            cipher = secrets.encrypt(spec.registryAuth().password());
        } else if (d.registryUsername() != null) {
            // Kept credentials follow the image to its registry.
            server = DeploymentValidator.registryOf(spec.image());
            username = d.registryUsername();
            cipher = d.registryPasswordCipher();
        }
        long generation = d.generation() + 1;
        int revision = revisions.latest(d.id()) + 1;
        int restore = spec.replicas() > 0 ? spec.replicas() : d.restoreReplicas();
        repository.updateRollout(d.id(), spec, secretCiphertext, server, username, cipher, spec.replicas(), restore,
                generation, revision, target, now);
        revisions.insert(revisionOf(d.id(), revision, generation, cause, sourceRevision, spec, secretCiphertext,
                now));
        return announce(d);
    }

    /** Writes a new replica count with a new generation, and announces it. */
    private Deployment changeReplicas(Deployment d, int replicas, int restoreReplicas, DeploymentStatus target) {
        String error = target == DeploymentStatus.FAILED ? d.errorMessage() : null;
        repository.updateReplicas(d.id(), replicas, restoreReplicas, d.generation() + 1, target, error, now());
        return announce(d);
    }

    /** The new desired state to the runtime; the status change (if any) to the gateway and notifications. */
    private Deployment announce(Deployment before) {
        Deployment after = repository.findForUpdate(before.id()).orElseThrow();
        events.desiredState(EventTypes.DEPLOYMENT_DESIRED_STATE_CHANGED, after);
        if (after.status() != before.status()) {
            events.statusChanged(after, after.status(), before.status(), after.url(), after.endpoints(),
                    after.errorMessage());
        }
        return after;
    }

    private static Revision revisionOf(UUID deploymentId, int revision, long generation, String cause,
            Integer sourceRevision, DeploymentSpec spec, Map<String, String> secretCiphertext, Instant now) {
        return new Revision(deploymentId, revision, generation, cause, sourceRevision, spec.image(), spec.port(),
                spec.envVars(), secretCiphertext, spec.resources(), spec.healthCheck(), now);
    }

    /** The request as compared for Idempotency-Key reuse: field order fixed, env vars (plain and secret) sorted. */
    private static String canonical(CreateDeploymentRequest request) {
        if (request == null) {
            return "null";
        }
        var sorted = new CreateDeploymentRequest(request.appName(), request.image(), request.port(),
                request.envVars() == null ? null : new TreeMap<>(request.envVars()), request.replicas(),
                request.resources(), request.healthCheck(), request.registryAuth(),
                request.secretEnvVars() == null ? null : new TreeMap<>(request.secretEnvVars()));
        return EventJson.mapper().writeValueAsString(sorted);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static ConflictException appNameTaken() {
        return new ConflictException("App name already exists");
    }
}
