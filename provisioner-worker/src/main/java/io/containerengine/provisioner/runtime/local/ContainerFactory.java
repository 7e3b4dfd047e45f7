package io.containerengine.provisioner.runtime.local;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;

import io.containerengine.contracts.DeploymentDesiredState;

/**
 * Creates replica containers, isolated the same way every time: not privileged, no new privileges, no host
 * mounts or devices, resource limits as given, the app's port published only on the configured bind address at a
 * host port the worker allocated, and an init process so that stop is immediate even for apps that ignore SIGTERM.
 */
class ContainerFactory {

    private final DockerClient docker;
    private final LocalRuntimeSettings settings;

    ContainerFactory(DockerClient docker, LocalRuntimeSettings settings) {
        this.docker = docker;
        this.settings = settings;
    }

    /** Limits of a desired state, in the engine's units. */
    record Limits(Long nanoCpus, Long memoryBytes) {

        /** @throws DeployFailure for quantities that cannot be read */
        static Limits of(DeploymentDesiredState desired) {
            if (desired.resources() == null) {
                return new Limits(null, null);
            }
            try {
                return new Limits(Quantities.cpuToNanoCpus(desired.resources().cpu()),
                        Quantities.memoryToBytes(desired.resources().memory()));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new DeployFailure("invalid resources: " + e.getMessage());
            }
        }
    }

    /** Creates (does not start) replica {@code index}; returns the container id. */
    String create(DeploymentDesiredState desired, int index, int hostPort, Limits limits) {
        ExposedPort exposed = ExposedPort.tcp(desired.port());
        Ports bindings = new Ports();
        bindings.bind(exposed, Ports.Binding.bindIpAndPort(settings.bindAddress(), hostPort));
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                .withPublishAllPorts(false)
                .withPrivileged(false)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withBinds(List.of())
                .withInit(true)
                .withPidsLimit(settings.pidsLimit())
                .withMemory(limits.memoryBytes())
                // No extra swap beyond the memory limit, so the limit is what the app really gets.
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.nanoCpus());
        return docker.createContainerCmd(desired.image())
                .withName(name(desired, index))
                .withLabels(labels(desired, index, hostPort))
                .withEnv(desired.envVars().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(exposed)
                .withHostConfig(hostConfig)
                .exec()
                .getId();
    }

    static String name(DeploymentDesiredState d, int replica) {
        String app = d.appName() == null ? "app" : d.appName().replaceAll("[^a-zA-Z0-9_.-]", "-");
        return "ce-" + app + "-" + d.deploymentId().toString().substring(0, 8) + "-g" + d.generation() + "-r"
                + replica;
    }

    private Map<String, String> labels(DeploymentDesiredState d, int replica, int hostPort) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.DEPLOYMENT_ID, d.deploymentId().toString());
        labels.put(Labels.USER_ID, String.valueOf(d.userId()));
        labels.put(Labels.GENERATION, Long.toString(d.generation()));
        labels.put(Labels.APP_NAME, String.valueOf(d.appName()));
        labels.put(Labels.REPLICA, Integer.toString(replica));
        labels.put(Labels.HOST_PORT, Integer.toString(hostPort));
        labels.put(Labels.INSTANCE, settings.instanceId());
        labels.put(Labels.TEMPLATE, Templates.of(d));
        return labels;
    }
}
