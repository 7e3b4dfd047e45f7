package io.containerengine.provisioner.runtime.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * The app's secret env vars, referenced from the pod template with {@code secretKeyRef}: the values appear in no
 * Deployment and no event, only in this Secret.
 */
final class EnvSecretResource {

    private EnvSecretResource() {
    }

    /**
     * @param live the Secret as it is now, or null
     * @return null when the deployment has no secret env vars (any old Secret is then removed)
     */
    static Secret desired(AppSpec spec, Secret live) {
        if (spec.secretEnv().isEmpty()) {
            return null;
        }
        Map<String, String> data = new TreeMap<>();
        spec.secretEnv().forEach((k, v) -> data.put(k,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(Names.envSecret(spec.app())).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        // The version stays while the values stay, so that re-applying does not restart the pods.
        String version = Long.toString(spec.desired().generation());
        if (live != null && data.equals(live.getData()) && live.getMetadata().getAnnotations() != null
                && live.getMetadata().getAnnotations().get(Names.SECRET_VERSION) != null) {
            version = live.getMetadata().getAnnotations().get(Names.SECRET_VERSION);
        }
        secret.getMetadata().setAnnotations(Map.of(Names.SECRET_VERSION, version));
        return secret;
    }

    static String version(Secret secret) {
        return secret == null ? null : secret.getMetadata().getAnnotations().get(Names.SECRET_VERSION);
    }

    static boolean upToDate(Secret desired, Secret live) {
        return RegistrySecretResource.upToDate(desired, live) && live.getMetadata().getAnnotations() != null
                && desired.getMetadata().getAnnotations().get(Names.SECRET_VERSION)
                        .equals(live.getMetadata().getAnnotations().get(Names.SECRET_VERSION));
    }
}
