package io.containerengine.provisioner.runtime;

import io.containerengine.contracts.DeploymentDesiredState.RegistryAuth;

/**
 * Turns the registry password carried in a desired state into the plaintext a runtime needs.
 * For now the {@code password_ciphertext} field is taken as it is; the AES-GCM decryption (with the platform's
 * secrets key) replaces this in a later issue.
 */
public final class RegistryPasswords {

    private RegistryPasswords() {
    }

    public static String plaintext(RegistryAuth auth) {
        return auth == null ? null : auth.passwordCiphertext();
    }
}
