package io.containerengine.notifications;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification written from the Standard Webhooks spec, independently of the service's signing
 * code: the signed content is {@code id.timestamp.body}, the key the base64 part after {@code whsec_}, the header a
 * space-separated list of {@code v1,<base64>} signatures; stale timestamps are refused (replays).
 */
public final class StandardWebhooksVerifier {

    private static final long TOLERANCE_SECONDS = 5 * 60;

    private final byte[] key;

    public StandardWebhooksVerifier(String whsecSecret) {
        if (!whsecSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    }

    public boolean verify(String id, String timestamp, String signatureHeader, String body, long nowEpochSeconds) {
        if (id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowEpochSeconds - ts) > TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String candidate : signatureHeader.split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }
}
