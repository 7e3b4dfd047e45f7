package io.containerengine.provisioner.runtime.local;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.ports.HostPortAllocator;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.ObservedStateListener;

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
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @Bean
    HostPortAllocator hostPortAllocator(ProvisionerProperties properties) {
        return HostPortAllocator.ofRange(properties.local().hostPortRange());
    }

    @Bean(initMethod = "start")
    LocalDockerRuntime localDockerRuntime(DockerClient docker, HostPortAllocator ports,
            ObservedStateListener listener, DesiredStateLookup desiredStates, ProvisionerProperties properties) {
        return new LocalDockerRuntime(docker, ports, listener, desiredStates, properties.local().readinessTimeout(),
                properties.local().pullTimeout());
    }

    /** Deaths are handled in the deployment's order, after any apply already queued for it. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ContainerDeathWatcher containerDeathWatcher(DockerClient docker, LocalDockerRuntime runtime,
            DeploymentExecutor executor) {
        return new ContainerDeathWatcher(docker, (deploymentId, containerId, labels) ->
                executor.submit(deploymentId, () -> runtime.containerDied(deploymentId, containerId, labels)));
    }
}
