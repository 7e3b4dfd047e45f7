package io.containerengine.provisioner.runtime;

import java.util.Optional;
import java.util.UUID;

import io.containerengine.contracts.DeploymentDesiredState;

/** The latest stored desired state of a deployment, empty once deleted; lets a runtime judge what it observes. */
@FunctionalInterface
public interface DesiredStateLookup {

    Optional<DeploymentDesiredState> find(UUID deploymentId);
}
