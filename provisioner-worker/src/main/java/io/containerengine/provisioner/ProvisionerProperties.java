package io.containerengine.provisioner;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the provisioner-worker ({@code ce.provisioner.*}).
 *
 * @param runtime            which runtime applies desired states: {@code local} (Docker API / podman) or
 *                           {@code kubernetes} (not implemented yet)
 * @param workerThreads      threads doing runtime work; each deployment's work still runs one task at a time
 * @param reconcileOnStartup re-apply stored desired states whose containers are missing and remove containers of
 *                           deleted deployments when the worker starts
 * @param topicPartitions    partitions of the topics this service creates (same as deployment-service)
 * @param topicReplicas      replication factor of the topics this service creates
 */
@ConfigurationProperties("ce.provisioner")
public record ProvisionerProperties(
        @DefaultValue("local") String runtime,
        @DefaultValue("8") int workerThreads,
        @DefaultValue("true") boolean reconcileOnStartup,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue Local local) {

    /**
     * @param dockerHost        Docker Engine API endpoint (env {@code DOCKER_HOST}); podman's service locally
     * @param hostPortRange     host ports handed to containers, {@code from-to} inclusive, bound on 127.0.0.1
     * @param readinessTimeout  how long a started replica may take to accept TCP connections on its port
     * @param pullTimeout       upper bound of one image pull
     */
    public record Local(
            @DefaultValue("unix:///run/container-engine/podman.sock") String dockerHost,
            @DefaultValue("41000-41999") String hostPortRange,
            @DefaultValue("30s") Duration readinessTimeout,
            @DefaultValue("5m") Duration pullTimeout) {
    }
}
