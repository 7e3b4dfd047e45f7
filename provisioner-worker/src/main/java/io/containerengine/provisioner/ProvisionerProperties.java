package io.containerengine.provisioner;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the provisioner-worker ({@code ce.provisioner.*}).
 *
 * @param runtime            which runtime applies desired states: {@code local} (Docker API / podman) or
 *                           {@code kubernetes} (not implemented yet)
 * @param instanceId         the platform instance this worker belongs to (env {@code CE_INSTANCE_ID}); its
 *                           containers carry it as label {@code io.containerengine.instance} and reconciliation
 *                           and cleanup touch only containers and stored states of this instance, so that several
 *                           platforms (a local run, an e2e run, tests) can share one container engine
 * @param workerThreads      threads doing runtime work; each deployment's work still runs one task at a time
 * @param reconcileOnStartup compare stored desired states with the containers once when the worker starts
 *                           (re-create what is missing, remove containers of deleted deployments)
 * @param reconcileInterval  how often the same comparison runs afterwards (self-healing); 0 turns it off
 * @param topicPartitions    partitions of the topics this service creates (same as deployment-service)
 * @param topicReplicas      replication factor of the topics this service creates
 */
@ConfigurationProperties("ce.provisioner")
public record ProvisionerProperties(
        @DefaultValue("local") String runtime,
        @DefaultValue("default") String instanceId,
        @DefaultValue("8") int workerThreads,
        @DefaultValue("true") boolean reconcileOnStartup,
        @DefaultValue("10s") Duration reconcileInterval,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue Local local,
        @DefaultValue Logs logs) {

    /**
     * @param dockerHost          Docker Engine API endpoint (env {@code DOCKER_HOST}); podman's service locally
     * @param hostPortRange       host ports handed to containers, {@code from-to} inclusive
     * @param bindAddress         the host address published ports are bound to; loopback keeps apps reachable only
     *                            through the gateway on this machine
     * @param readinessTimeout    how long new replicas may take to become ready (after a health check's initial
     *                            delay) before the rollout is rolled back
     * @param pullTimeout         upper bound of one image pull
     * @param crashBackoffInitial delay before the first restart of a crashed replica; doubled with every further
     *                            crash (like Kubernetes' CrashLoopBackOff)
     * @param crashBackoffMax     the longest delay between restarts
     * @param crashBackoffReset   a replica that ran this long since its last restart starts again at the initial
     *                            delay
     * @param pidsLimit           processes a container may run (fork bombs stay inside)
     * @param drainPeriod         after a rollout the old replicas keep answering this long, while the new endpoints
     *                            travel to the gateway (the same race Kubernetes covers with a preStop delay)
     */
    public record Local(
            @DefaultValue("unix:///run/container-engine/podman.sock") String dockerHost,
            @DefaultValue("41000-41999") String hostPortRange,
            @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("60s") Duration readinessTimeout,
            @DefaultValue("5m") Duration pullTimeout,
            @DefaultValue("1s") Duration crashBackoffInitial,
            @DefaultValue("5m") Duration crashBackoffMax,
            @DefaultValue("10m") Duration crashBackoffReset,
            @DefaultValue("1024") long pidsLimit,
            @DefaultValue("3s") Duration drainPeriod) {
    }

    /**
     * @param followKeepAlive a blank line is written to an idle {@code follow=true} log stream this often, which is
     *                        how a closed client is noticed (the servlet container only sees it on a write)
     * @param maxTail         the largest {@code tail} served
     */
    public record Logs(
            @DefaultValue("15s") Duration followKeepAlive,
            @DefaultValue("5000") int maxTail) {
    }
}
