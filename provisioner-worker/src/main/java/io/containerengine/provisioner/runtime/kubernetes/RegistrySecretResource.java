package io.containerengine.provisioner.runtime.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The {@code kubernetes.io/dockerconfigjson} Secret the pods pull a private image with. */
final class RegistrySecretResource {

    static final String TYPE = "kubernetes.io/dockerconfigjson";
    static final String KEY = ".dockerconfigjson";
    /** The key Docker Hub credentials go under in a docker config. */
    static final String DOCKER_HUB = "https://index.docker.io/v1/";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private RegistrySecretResource() {
    }

    /** Null when the deployment has no registry credentials (any old Secret is then removed). */
    static Secret desired(AppSpec spec) {
        if (!spec.hasRegistryAuth()) {
            return null;
        }
        var auth = spec.desired().registryAuth();
        String user = auth.username() == null ? "" : auth.username();
        String basic = Base64.getEncoder().encodeToString((user + ":" + spec.registryPassword())
                .getBytes(StandardCharsets.UTF_8));
        String config = JSON.asJson(Map.of("auths", Map.of(server(auth.server()),
                Map.of("username", user, "password", spec.registryPassword(), "auth", basic))));
        return new SecretBuilder()
                .withNewMetadata().withName(Names.registrySecret(spec.app())).withNamespace(spec.namespace())
                .withLabels(spec.labels()).endMetadata()
                .withType(TYPE)
                .withData(Map.of(KEY, Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    static String server(String server) {
        if (server == null || server.isBlank() || server.equals("docker.io") || server.equals("index.docker.io")
                || server.equals("registry-1.docker.io")) {
            return DOCKER_HUB;
        }
        return server;
    }

    /** Secrets carry no content hash (it would be a hash of secret values): their data is compared instead. */
    static boolean upToDate(Secret desired, Secret live) {
        return live != null && Objects.equals(desired.getType(), live.getType())
                && Objects.equals(desired.getData(), live.getData())
                && live.getMetadata().getLabels() != null
                && live.getMetadata().getLabels().entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
    }
}
