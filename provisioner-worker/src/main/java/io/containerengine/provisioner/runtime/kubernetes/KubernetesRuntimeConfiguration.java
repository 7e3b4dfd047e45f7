package io.containerengine.provisioner.runtime.kubernetes;

import java.io.File;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.DeploymentExecutor;
import io.containerengine.provisioner.runtime.DesiredStateLookup;
import io.containerengine.provisioner.runtime.ObservedStateListener;
import io.containerengine.provisioner.runtime.RegistryPasswords;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The Kubernetes runtime ({@code ce.provisioner.runtime=kubernetes}): deployments as objects on a cluster. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ce.provisioner.runtime", havingValue = "kubernetes")
@EnableConfigurationProperties(KubernetesRuntimeProperties.class)
class KubernetesRuntimeConfiguration {

    /** {@code ce.provisioner.kubernetes.*}, with the platform-wide env vars filling what is not set. */
    static KubernetesRuntimeProperties resolve(KubernetesRuntimeProperties properties, Environment environment) {
        KubernetesRuntimeProperties resolved = properties;
        if (isBlank(resolved.domainSuffix())) {
            resolved = resolved.withDomainSuffix(environment.getProperty("DOMAIN_SUFFIX"));
        }
        if (isBlank(resolved.kubeconfigPath())) {
            resolved = resolved.withKubeconfigPath(environment.getProperty("KUBECONFIG_PATH"));
        }
        return resolved;
    }

    /**
     * One client for the whole worker (its HTTP client, informers and watches are shared): from the kubeconfig
     * file at {@code KUBECONFIG_PATH}, else the pod's service account (or the usual kubeconfig lookup).
     */
    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(KubernetesRuntimeProperties properties, Environment environment) {
        return client(resolve(properties, environment).kubeconfigPath());
    }

    static KubernetesClient client(String kubeconfigPath) {
        Config config;
        if (isBlank(kubeconfigPath)) {
            config = Config.autoConfigure(null);
        } else {
            File file = new File(kubeconfigPath);
            if (!file.isFile()) {
                throw new IllegalStateException("KUBECONFIG_PATH " + kubeconfigPath + " is not a readable file");
            }
            config = Config.fromKubeconfig(file);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Secrets are decrypted with the platform's key (SECRETS_KEY); without it, apps that have some fail. */
    @Bean(initMethod = "start", destroyMethod = "close")
    KubernetesRuntime kubernetesRuntime(KubernetesClient client, ObservedStateListener listener,
            KubernetesRuntimeProperties properties, Environment environment, ProvisionerProperties provisioner,
            ObjectProvider<SecretBox> secrets, ObjectProvider<DesiredStateLookup> desiredStates) {
        SecretBox box = secrets.getIfAvailable();
        return new KubernetesRuntime(client, listener, resolve(properties, environment), provisioner.instanceId(),
                new RegistryPasswords(box), box, desiredStates.getIfAvailable());
    }

    /** Drift repairs run in the deployment's order, on the same executor as events. */
    @Bean
    SmartInitializingSingleton kubernetesRuntimeQueue(KubernetesRuntime runtime, DeploymentExecutor executor) {
        return () -> runtime.useQueue(executor);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
