package io.containerengine.provisioner.runtime.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.EventJson;

/**
 * A hash of what a replica container is made from (image, port, env, resources, health check, registry user),
 * as Kubernetes' pod-template-hash: a new generation that only changes the replica count keeps the running
 * containers; any other change rolls out new ones.
 */
final class Templates {

    private record Template(String image, int port, TreeMap<String, String> env,
            DeploymentDesiredState.Resources resources, DeploymentDesiredState.HealthCheck healthCheck,
            String registryServer, String registryUser) {
    }

    private Templates() {
    }

    static String of(DeploymentDesiredState d) {
        var auth = d.registryAuth();
        // The password ciphertext differs on every encryption, so only who pulls is part of the template.
        var template = new Template(d.image(), d.port(), new TreeMap<>(d.envVars()), d.resources(), d.healthCheck(),
                auth == null ? null : auth.server(), auth == null ? null : auth.username());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(EventJson.mapper().writeValueAsString(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
