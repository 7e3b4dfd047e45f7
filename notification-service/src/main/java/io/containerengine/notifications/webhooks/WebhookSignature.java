package io.containerengine.notifications.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): {@code webhook-signature} is {@code v1,} +
 * base64(HMAC-SHA256(secret, "{webhook-id}.{webhook-timestamp}.{body}")), the secret being the base64-decoded part
 * after {@code whsec_}. Receivers recompute it and reject stale timestamps, which stops forgeries and replays.
 */
public final class WebhookSignature {

    public static final String PREFIX = "whsec_";
    public static final String HEADER_ID = "webhook-id";
    public static final String HEADER_TIMESTAMP = "webhook-timestamp";
    public static final String HEADER_SIGNATURE = "webhook-signature";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private WebhookSignature() {
    }

    /** A fresh endpoint secret: {@code whsec_} + base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The HMAC key of a secret: base64-decoded after {@code whsec_}. A secret without the prefix (an operator's
     * {@code WEBHOOK_SECRET}) is used as UTF-8 bytes.
     */
    public static byte[] keyOf(String secret) {
        if (secret.startsWith(PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook-signature} header value. */
    public static String sign(byte[] key, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
