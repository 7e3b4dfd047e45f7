package io.containerengine.common.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identity the gateway hands to a service, signed so that a service can tell it came from the gateway.
 *
 * <p>Wire form, in header {@value #HEADER}: {@code v1.<userId>.<expiresAtEpochSecond>.<base64url(HMAC-SHA256)>},
 * the MAC covering everything before the last dot. A service trusts nothing else about the caller: the
 * gateway drops this header from client requests before it sets its own. Tokens live a few seconds, only
 * long enough to cross the internal hop.
 */
public final class InternalIdentity {

    public static final String HEADER = "X-CE-Identity";
    /** Request attribute (servlet) or exchange attribute (reactive) holding the verified user id. */
    public static final String USER_ID_ATTRIBUTE = "ce.userId";
    /**
     * The identity of the platform itself, used for service-to-service calls to {@code /internal/**} endpoints;
     * no user has this id.
     */
    public static final UUID SYSTEM = new UUID(0L, 0L);

    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;

    public InternalIdentity(String secret, Duration lifetime, Clock clock) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("ce.identity.secret (env INTERNAL_IDENTITY_SECRET) must be set to at least 32 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public InternalIdentity(String secret) {
        this(secret, Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** Signs the identity of {@code userId} for one internal hop. */
    public String sign(UUID userId) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String body = VERSION + "." + userId + "." + expires;
        return body + "." + mac(body);
    }

    /** The user id of a valid, unexpired token; empty for anything else. */
    public Optional<UUID> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String body = token.substring(0, lastDot);
        byte[] given = token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, mac(body).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String[] parts = body.split("\\.");
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            long expires = Long.parseLong(parts[2]);
            if (clock.instant().getEpochSecond() > expires) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(parts[1]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
