package io.containerengine.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param secret    HS256 key shared with auth-service ({@code JWT_SECRET}), at least 32 bytes; no default
 * @param cacheSize how many verified tokens are remembered until their expiry, to skip re-parsing them
 */
@ConfigurationProperties("ce.gateway.jwt")
public record JwtProperties(String secret, Integer cacheSize) {

    public JwtProperties {
        cacheSize = cacheSize == null ? 10_000 : cacheSize;
    }
}
