package io.containerengine.apikeys.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.stereotype.Component;

/** Makes key secrets and the one-way form they are stored in. */
@Component
public class ApiKeySecrets {

    /** Characters of the key kept in clear to help users tell their keys apart. */
    public static final int DISPLAY_PREFIX_LENGTH = 12;
    private static final int RANDOM_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final String prefix;

    public ApiKeySecrets(ApiKeysProperties properties) {
        this.prefix = properties.prefix();
    }

    /** {@code <prefix><base64url of 32 random bytes>}. */
    public String newKey() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * SHA-256 in hex. A plain fast hash is enough: the input has 256 random bits, so there is nothing to
     * brute-force, and lookups stay a single indexed query.
     */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
    }
}
