package io.containerengine.provisioner.runtime;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.DeploymentDesiredState.RegistryAuth;

/**
 * Turns the registry password carried in a desired state (AES-GCM ciphertext made with the platform's secrets
 * key, see {@link SecretBox}) into the plaintext a pull needs. The only place that decrypts it, called right
 * before the pull; the plaintext is never stored or logged.
 */
public class RegistryPasswords {

    private final SecretBox secrets;

    /** @param secrets null when the worker has no {@code ce.secrets.key}: then no private image can be pulled */
    public RegistryPasswords(SecretBox secrets) {
        this.secrets = secrets;
    }

    /**
     * @throws IllegalStateException with a message fit for the user when the password cannot be decrypted
     */
    public String plaintext(RegistryAuth auth) {
        if (auth == null || auth.passwordCiphertext() == null || auth.passwordCiphertext().isEmpty()) {
            return null;
        }
        if (secrets == null) {
            throw new IllegalStateException(
                    "registry password cannot be decrypted: the provisioner has no secrets key (SECRETS_KEY)");
        }
        try {
            return secrets.decrypt(auth.passwordCiphertext());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("registry password cannot be decrypted with the platform's secrets key");
        }
    }
}
