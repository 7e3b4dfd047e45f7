package io.containerengine.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/** Mints tokens the way auth-service does (HS256, iss, typ, sub, sid, iat, exp), with knobs to get each one wrong. */
public final class Tokens {

    public static final String JWT_SECRET = "test-jwt-secret-for-the-gateway-0123456789";
    public static final String IDENTITY_SECRET = "test-internal-identity-secret-0123456789";

    private Tokens() {
    }

    public static String access(UUID userId) {
        return token(JWT_SECRET, "container-engine", "access", userId.toString(), Instant.now().plus(Duration.ofHours(1)));
    }

    /** An access token of session {@code sessionId} issued at {@code issuedAt}, as auth-service mints them. */
    public static String access(UUID userId, UUID sessionId, Instant issuedAt) {
        return Jwts.builder()
                .issuer("container-engine")
                .subject(userId.toString())
                .claim("typ", "access")
                .claim("sid", sessionId.toString())
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(issuedAt.plus(Duration.ofHours(1))))
                .signWith(Keys.hmacShaKeyFor(JWT_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
                .compact();
    }

    public static String refresh(UUID userId) {
        return token(JWT_SECRET, "container-engine", "refresh", userId.toString(), Instant.now().plus(Duration.ofDays(7)));
    }

    public static String token(String secret, String issuer, String type, String subject, Instant expiresAt) {
        SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        var builder = Jwts.builder()
                .issuer(issuer)
                .subject(subject)
                .issuedAt(Date.from(Instant.now().minusSeconds(5)))
                .claim("sid", UUID.randomUUID().toString())
                .signWith(key, Jwts.SIG.HS256);
        if (type != null) {
            builder.claim("typ", type);
        }
        if (expiresAt != null) {
            builder.expiration(Date.from(expiresAt));
        }
        return builder.compact();
    }
}
