package io.containerengine.provisioner.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.containerengine.provisioner.ProvisionerProperties;

@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    @Bean(destroyMethod = "close")
    DeploymentExecutor deploymentExecutor(ObjectProvider<Runtime> runtimes, ProvisionerProperties properties) {
        Runtime runtime = runtimes.getIfAvailable();
        if (runtime == null) {
            // The kubernetes runtime (fabric8) comes with a later issue; fail clearly instead of a wiring error.
            throw new IllegalStateException("ce.provisioner.runtime=" + properties.runtime()
                    + " is not available; supported: local");
        }
        AtomicInteger n = new AtomicInteger();
        return new DeploymentExecutor(runtime, Executors.newFixedThreadPool(properties.workerThreads(), r -> {
            Thread t = new Thread(r, "runtime-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
    }
}
