package io.containerengine.provisioner.runtime;

import io.containerengine.contracts.DeploymentObserved;

/** Receives what a {@link Runtime} observes; the Kafka publisher in production, a recorder in tests. */
@FunctionalInterface
public interface ObservedStateListener {

    void onObserved(DeploymentObserved observed);
}
