package io.containerengine.gateway.apikeys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of an API key, the cache's key: the gateway never keeps a key itself in memory longer than a request.
 * Four longs make equals/hashCode cheap (hand-written: this runs on every request); one digest instance per
 * thread avoids a provider lookup per request.
 */
final class KeyHash {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final long SEED = new java.security.SecureRandom().nextLong();

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private KeyHash(long a, long b, long c, long d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    static KeyHash of(String key) {
        MessageDigest digest = SHA256.get();
        ByteBuffer hash = ByteBuffer.wrap(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        return new KeyHash(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyHash k && k.a == a && k.b == b && k.c == c && k.d == d;
    }

    @Override
    public int hashCode() {
        // uniform already, but seeded per process so that nobody can mine keys that pile up in one map bin
        return Long.hashCode((a ^ SEED) * 0x9E3779B97F4A7C15L);
    }
}
