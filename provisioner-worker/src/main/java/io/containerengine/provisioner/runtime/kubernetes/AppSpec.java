package io.containerengine.provisioner.runtime.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.provisioner.runtime.RegistryPasswords;

/**
 * One desired state as the Kubernetes objects need it: names, labels, hosts, and the secrets decrypted (they
 * live only in this object and in the Secrets written from it, never in logs).
 *
 * @param secretEnv        secret env vars in plaintext, by name
 * @param registryPassword the registry password in plaintext, or null without registry auth
 */
record AppSpec(DeploymentDesiredState desired, String namespace, String instanceId, List<String> hosts,
        Map<String, String> secretEnv, String registryPassword, KubernetesRuntimeProperties settings) {

    /** Kubernetes names are DNS labels of at most 63 characters. */
    private static final int MAX_NAMESPACE = 63;

    /**
     * @throws DeployFailure with a message fit for the user when the secrets cannot be decrypted or the names do
     *                       not fit Kubernetes
     */
    static AppSpec of(DeploymentDesiredState desired, String instanceId, KubernetesRuntimeProperties settings,
            RegistryPasswords passwords, SecretBox secrets) {
        String namespace = namespaceOf(settings, desired.appName());
        if (namespace.length() > MAX_NAMESPACE) {
            throw new DeployFailure("namespace name " + namespace + " is longer than " + MAX_NAMESPACE
                    + " characters");
        }
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(primaryHost(desired, settings));
        desired.customDomains().stream().filter(d -> d != null && !d.isBlank())
                .map(d -> d.trim().toLowerCase(Locale.ROOT)).sorted().forEach(hosts::add);
        Map<String, String> secretEnv = new TreeMap<>();
        if (!desired.secretEnvVarsCiphertext().isEmpty()) {
            if (secrets == null) {
                throw new DeployFailure(
                        "secret env vars cannot be decrypted: the provisioner has no secrets key (SECRETS_KEY)");
            }
            desired.secretEnvVarsCiphertext().forEach((name, ciphertext) -> {
                try {
                    secretEnv.put(name, secrets.decrypt(ciphertext));
                } catch (IllegalArgumentException e) {
                    throw new DeployFailure("secret env var " + name
                            + " cannot be decrypted with the platform's secrets key");
                }
            });
        }
        String password;
        try {
            password = desired.registryAuth() == null ? null : passwords.plaintext(desired.registryAuth());
        } catch (IllegalStateException e) {
            throw new DeployFailure(e.getMessage());
        }
        return new AppSpec(desired, namespace, instanceId, List.copyOf(hosts), Map.copyOf(secretEnv), password,
                settings);
    }

    static String namespaceOf(KubernetesRuntimeProperties settings, String appName) {
        return settings.namespacePrefix() + appName;
    }

    private static String primaryHost(DeploymentDesiredState desired, KubernetesRuntimeProperties settings) {
        String suffix = settings.domainSuffix();
        if (suffix != null && !suffix.isBlank()) {
            return desired.appName() + "." + suffix.trim().toLowerCase(Locale.ROOT);
        }
        if (desired.host() != null && !desired.host().isBlank()) {
            return desired.host().toLowerCase(Locale.ROOT);
        }
        throw new DeployFailure("no domain suffix configured (ce.provisioner.kubernetes.domain-suffix)");
    }

    String app() {
        return desired.appName();
    }

    int port() {
        return desired.port();
    }

    boolean hasRegistryAuth() {
        return desired.registryAuth() != null && registryPassword != null;
    }

    /** The labels of every object of this deployment. */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Names.MANAGED_BY, Names.MANAGED_BY_VALUE);
        labels.put(Names.INSTANCE, instanceId);
        labels.put(Names.DEPLOYMENT_ID, desired.deploymentId().toString());
        labels.put(Names.USER_ID, desired.userId().toString());
        labels.put(Names.APP_NAME, desired.appName());
        return labels;
    }

    /** What the Deployment selects its pods by; never changes for a deployment (a selector is immutable). */
    Map<String, String> selector() {
        return Map.of(Names.DEPLOYMENT_ID, desired.deploymentId().toString());
    }

    /** CPU limit of one pod, the app's own or the LimitRange default. */
    String cpuLimit() {
        var r = desired.resources();
        return r != null && r.cpu() != null && !r.cpu().isBlank() ? r.cpu() : settings.defaultCpu();
    }

    String memoryLimit() {
        var r = desired.resources();
        return r != null && r.memory() != null && !r.memory().isBlank() ? r.memory() : settings.defaultMemory();
    }

    /** The hosts that get a TLS entry each, with their secret names. */
    List<Map.Entry<String, String>> tlsSecrets() {
        List<Map.Entry<String, String>> tls = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            tls.add(Map.entry(host, i == 0 ? Names.tlsSecret(app())
                    : Names.tlsSecret(app()) + "-" + Hashes.sha256(host).substring(0, 10)));
        }
        return tls;
    }

    @Override
    public String toString() {
        // Never print the plaintext secrets.
        return "AppSpec[" + desired.deploymentId() + " " + namespace + " generation " + desired.generation() + "]";
    }
}
