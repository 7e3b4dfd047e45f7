package io.containerengine.provisioner.runtime.local;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.ports.HostPortAllocator;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.ObservedStateListener;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.containerengine.provisioner.runtime.RolloutRecords;
import io.containerengine.provisioner.runtime.RuntimeReconnected;

/** The local runtime ({@code ce.provisioner.runtime=local}, the default): containers over the Docker API. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ce.provisioner.runtime", havingValue = "local", matchIfMissing = true)
class LocalRuntimeConfiguration {

    @Bean(destroyMethod = "close")
    DockerClient dockerClient(ProvisionerProperties properties) {
        return dockerClient(properties.local().dockerHost());
    }

    /** One client for the whole worker; no response timeout, because the events stream stays open. */
    static DockerClient dockerClient(String dockerHost) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Bean
    HostPortAllocator hostPortAllocator(ProvisionerProperties properties) {
        return HostPortAllocator.ofRange(properties.local().hostPortRange(), properties.local().bindAddress());
    }

    @Bean
    RegistryPasswords registryPasswords(ObjectProvider<SecretBox> secrets) {
        return new RegistryPasswords(secrets.getIfAvailable());
    }

    static LocalRuntimeSettings settings(ProvisionerProperties properties) {
        var local = properties.local();
        return new LocalRuntimeSettings(properties.instanceId(), local.bindAddress(), local.readinessTimeout(),
                local.pullTimeout(), local.crashBackoffInitial(), local.crashBackoffMax(), local.crashBackoffReset(),
                local.pidsLimit(), local.drainPeriod());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    LocalDockerRuntime localDockerRuntime(DockerClient docker, HostPortAllocator ports,
            ObservedStateListener listener, DesiredStateLookup desiredStates, RolloutRecords records,
            RegistryPasswords passwords, ProvisionerProperties properties) {
        return new LocalDockerRuntime(docker, ports, listener, desiredStates, records, passwords,
                settings(properties));
    }

    /** Restarts and other follow-up work run in the deployment's order, on the same executor as events. */
    @Bean
    SmartInitializingSingleton localRuntimeQueue(LocalDockerRuntime runtime, DeploymentExecutor executor) {
        return () -> runtime.useQueue(executor);
    }

    /** Deaths are handled in the deployment's order, after any apply already queued for it. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ContainerDeathWatcher containerDeathWatcher(DockerClient docker, LocalDockerRuntime runtime,
            DeploymentExecutor executor, ApplicationEventPublisher events) {
        return new ContainerDeathWatcher(docker,
                (deploymentId, containerId, labels) -> executor.submit(deploymentId,
                        () -> runtime.containerDied(deploymentId, containerId, labels)),
                () -> events.publishEvent(new RuntimeReconnected("docker events stream reconnected")));
    }
}
