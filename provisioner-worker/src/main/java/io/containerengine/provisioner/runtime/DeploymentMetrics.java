package io.containerengine.provisioner.runtime;

import java.time.Instant;
import java.util.List;

/**
 * Resource use of a deployment's running replicas; totals over the replicas.
 *
 * @param cpuPercent       percent of one core (200 = two cores busy)
 * @param memoryLimitBytes sum of the replicas' limits, or null when any replica has none
 */
public record DeploymentMetrics(double cpuPercent, long memoryBytes, Long memoryLimitBytes, List<Replica> replicas,
        Instant sampledAt) {

    public DeploymentMetrics {
        replicas = List.copyOf(replicas);
    }

    public record Replica(String name, double cpuPercent, long memoryBytes) {
    }
}
