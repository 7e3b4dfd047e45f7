package io.containerengine.provisioner.runtime.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Short content hashes of what the runtime writes (never of secret values). */
final class Hashes {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private Hashes() {
    }

    /** Hash of an object's JSON form; fabric8's models serialize their fields in a fixed order. */
    static String of(Object object) {
        return sha256(JSON.asJson(object)).substring(0, 20);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
