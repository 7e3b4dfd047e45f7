package io.containerengine.deployments.deployments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.containerengine.common.crypto.SecretBox;

/**
 * Env vars marked secret. Their values exist in plain text only in the request that sets them and in the runtime
 * that receives them: stored, kept in revisions and sent in events as {@link SecretBox} ciphertext, and shown
 * (responses, {@code toString}) as {@link #MASK}.
 */
public final class SecretEnvVars {

    /** What a response shows instead of a value; the same for every value, so it says nothing about its length. */
    public static final String MASK = "********";

    private SecretEnvVars() {
    }

    /** Name → {@link #MASK}, sorted by name; empty for null. */
    public static Map<String, String> masked(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        values.keySet().forEach(name -> out.put(name, MASK));
        return Collections.unmodifiableMap(out);
    }

    /** Name → ciphertext, each value sealed with a fresh nonce. */
    public static Map<String, String> encrypt(SecretBox box, Map<String, String> plain) {
        return encrypt(box, plain, Map.of());
    }

    /**
     * As {@link #encrypt(SecretBox, Map)}, except that a {@link #MASK} value keeps the name's current ciphertext: a
     * body read with GET (which shows masks), edited and sent back leaves the secrets it did not touch as they were.
     */
    public static Map<String, String> encrypt(SecretBox box, Map<String, String> plain, Map<String, String> current) {
        if (plain == null || plain.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        plain.forEach((name, value) -> out.put(name,
                MASK.equals(value) && current.containsKey(name) ? current.get(name) : box.encrypt(value)));
        return out;
    }
}
