package io.containerengine.auth.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret       HS256 key (env {@code JWT_SECRET}); shared with the gateway, which validates the tokens
 * @param accessTokenTtl  lifetime of an access token
 * @param refreshTokenTtl lifetime of a refresh token
 */
@ConfigurationProperties("ce.auth")
public record AuthProperties(String jwtSecret,
        @DefaultValue("1h") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl) {

    /** HS256 needs a key of at least 256 bits; anything shorter is refused at startup, not at first login. */
    public static final int MIN_SECRET_BYTES = 32;

    public AuthProperties {
        if (jwtSecret == null || jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("ce.auth.jwt-secret (env JWT_SECRET) must be set to at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()
                || refreshTokenTtl.isNegative() || refreshTokenTtl.isZero()) {
            throw new IllegalArgumentException("ce.auth token lifetimes must be positive");
        }
    }

    @Override
    public String toString() {
        // Never print the secret (Boot may log bound properties on failure).
        return "AuthProperties[accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl + "]";
    }
}
