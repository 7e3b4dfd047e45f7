package io.containerengine.provisioner.runtime.local;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentDesiredState.RegistryAuth;
import io.containerengine.provisioner.runtime.RegistryPasswords;

/**
 * Gets a deployment's image onto the engine. Without credentials an image already present is used as it is
 * (podman would contact the registry again even for a local image). With credentials the pull always runs: it is
 * cheap when the layers are present and it is what proves the credentials, so an image pulled once for one user
 * is not started for another deployment that cannot authenticate.
 */
class ImagePuller {

    private static final Logger log = LoggerFactory.getLogger(ImagePuller.class);

    private final DockerClient docker;
    private final RegistryPasswords passwords;
    private final Duration timeout;

    ImagePuller(DockerClient docker, RegistryPasswords passwords, Duration timeout) {
        this.docker = docker;
        this.passwords = passwords;
        this.timeout = timeout;
    }

    /** @throws DeployFailure with a message for the user when the image cannot be had */
    void ensure(DeploymentDesiredState desired) {
        RegistryAuth auth = desired.registryAuth();
        boolean withCredentials = auth != null && auth.username() != null && !auth.username().isBlank();
        if (!withCredentials && present(desired.image())) {
            return;
        }
        ImageRef ref = ImageRef.parse(desired.image());
        String registry = withCredentials && auth.server() != null && !auth.server().isBlank() ? auth.server()
                : ref.registry();
        log.info("pulling {} for deployment {}{}", desired.image(), desired.deploymentId(),
                withCredentials ? " with credentials for " + registry : "");
        var pull = docker.pullImageCmd(ref.repository()).withTag(ref.tag());
        if (withCredentials) {
            String password;
            try {
                password = passwords.plaintext(auth);
            } catch (IllegalStateException e) {
                throw new DeployFailure("image pull failed: " + e.getMessage());
            }
            pull.withAuthConfig(new AuthConfig().withUsername(auth.username()).withPassword(password)
                    .withRegistryAddress(registry));
        }
        PullCallback callback = pull.exec(new PullCallback());
        boolean completed;
        try {
            completed = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailure("image pull interrupted");
        }
        if (!completed) {
            closeQuietly(callback);
            throw new DeployFailure("image pull failed: timed out after " + timeout.toSeconds() + " s");
        }
        if (callback.error() != null) {
            throw new DeployFailure(message(callback.error(), registry, withCredentials));
        }
        if (!present(desired.image())) {
            throw new DeployFailure("image pull failed: no such image " + desired.image());
        }
    }

    /** Registries word refusals differently; the user needs to know whether it is their credentials. */
    static String message(String error, String registry, boolean withCredentials) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("unauthorized") || lower.contains("authentication required")
                || lower.contains("denied") || lower.contains("401")) {
            return "image pull failed: registry " + registry + " refused "
                    + (withCredentials ? "the credentials (wrong username or password)"
                            : "the pull without credentials (registry_auth needed)")
                    + ": " + LocalDockerRuntime.describe(new RuntimeException(error));
        }
        return "image pull failed: " + LocalDockerRuntime.describe(new RuntimeException(error));
    }

    private boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void closeQuietly(PullCallback callback) {
        try {
            callback.close();
        } catch (Exception ignored) {
            // the pull is abandoned either way
        }
    }
}
