package io.containerengine.deployments.deployments;

import java.util.List;

import org.springframework.stereotype.Component;

import io.containerengine.contracts.DeploymentDeleted;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.deployments.config.DeploymentsProperties;
import io.containerengine.common.outbox.OutboxWriter;

/** Builds the public events of a deployment and appends them to the outbox (inside the caller's transaction). */
@Component
public class DeploymentEvents {

    private final OutboxWriter outbox;
    private final VerifiedDomains verifiedDomains;
    private final DeploymentsProperties properties;

    public DeploymentEvents(OutboxWriter outbox, VerifiedDomains verifiedDomains, DeploymentsProperties properties) {
        this.outbox = outbox;
        this.verifiedDomains = verifiedDomains;
        this.properties = properties;
    }

    /**
     * The whole desired state at the row's generation, with the verified custom domains (Ingress hosts). The
     * registry password and the secret env vars travel as stored: SecretBox ciphertext, which the provisioner
     * decrypts with the same {@code SECRETS_KEY}.
     */
    public void desiredState(String type, Deployment d) {
        DeploymentDesiredState.RegistryAuth auth = d.registryUsername() == null ? null
                : new DeploymentDesiredState.RegistryAuth(d.registryServer(), d.registryUsername(),
                        d.registryPasswordCipher());
        var payload = new DeploymentDesiredState(d.id(), d.userId(), d.appName(), d.generation(), d.image(),
                d.port(), d.envVars(), d.replicas(), d.resources(), d.healthCheck(), auth,
                properties.hostOf(d.appName()), properties.urlOf(d.appName()), verifiedDomains.of(d.id()),
                d.secretEnvVarsCiphertext());
        outbox.append(Topics.DEPLOYMENT_EVENTS, EventEnvelope.of(type, d.id(), d.userId(), payload));
    }

    /** {@code deployment.deleted} at the deployment's (bumped) generation: runtimes remove everything of it. */
    public void deleted(Deployment d) {
        var payload = new DeploymentDeleted(d.id(), d.userId(), d.appName(), properties.hostOf(d.appName()),
                d.generation());
        outbox.append(Topics.DEPLOYMENT_EVENTS,
                EventEnvelope.of(EventTypes.DEPLOYMENT_DELETED, d.id(), d.userId(), payload));
    }

    /** A status change with the endpoints and the verified custom domains the gateway routes to them. */
    public void statusChanged(Deployment d, DeploymentStatus status, DeploymentStatus previous, String url,
            List<String> endpoints, String errorMessage) {
        var payload = new DeploymentStatusChanged(d.id(), d.userId(), d.appName(), properties.hostOf(d.appName()),
                status, previous, url, endpoints, errorMessage, d.generation(), verifiedDomains.of(d.id()));
        outbox.append(Topics.DEPLOYMENT_EVENTS,
                EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, d.id(), d.userId(), payload));
    }
}
