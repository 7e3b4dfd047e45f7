package io.containerengine.deployments.deployments;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.containerengine.common.identity.IdentityProperties;
import io.containerengine.deployments.config.DeploymentsProperties;

/**
 * Encrypts registry passwords so that neither the database nor Kafka holds them in clear.
 *
 * <p>Format (what a runtime must decrypt): base64( iv[12] || AES-256-GCM(ciphertext || tag[16]) ), key =
 * SHA-256(UTF-8 of {@code SECRETS_KEY}, or of {@code INTERNAL_IDENTITY_SECRET} when that is unset).
 */
@Component
public class RegistryPasswordCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public RegistryPasswordCipher(DeploymentsProperties properties, IdentityProperties identity) {
        String material = properties.secretsKey() != null && !properties.secretsKey().isBlank()
                ? properties.secretsKey() : identity.secret();
        if (material == null || material.isBlank()) {
            throw new IllegalStateException("SECRETS_KEY or INTERNAL_IDENTITY_SECRET must be set");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(digest, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String encrypt(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String encoded) {
        try {
            byte[] all = Base64.getDecoder().decode(encoded);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }
}
