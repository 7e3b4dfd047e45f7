package io.containerengine.auth.tokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;

import org.springframework.stereotype.Component;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Issues and parses the platform's JWTs. The claim set ({@code iss, sub, typ, sid, jti, iat, exp}) is what the
 * gateway checks, so it is part of the contract: {@code sid} is the session (refresh-token family) the token belongs
 * to, which the gateway matches against {@code SessionsRevoked} events and {@code ce:revoked-session:<sid>} keys;
 * {@code iat} is matched against a user's not-before ({@code ce:user-not-before:<userId>}).
 */
@Component
public class JwtTokens {

    public static final String ISSUER = "container-engine";
    public static final String TYPE_CLAIM = "typ";
    public static final String SESSION_CLAIM = "sid";

    private final SecretKey key;
    private final Clock clock;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final JwtParser parser;

    public JwtTokens(AuthProperties properties, Clock clock) {
        this.key = Keys.hmacShaKeyFor(properties.jwtSecret().getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.accessTtl = properties.accessTokenTtl();
        this.refreshTtl = properties.refreshTokenTtl();
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(ISSUER)
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    public IssuedToken issue(UUID userId, UUID sessionId, TokenType type) {
        return issue(userId, sessionId, type, null);
    }

    /**
     * A token whose {@code iat} is now, or the user's not-before if that is later: a not-before is the second
     * after a revocation (see {@code SessionRevocations}), so a token issued right after it, in the same second,
     * must not carry an {@code iat} the gateways would refuse ({@code iat < not_before}).
     *
     * @param notBefore the user's token not-before, or null
     */
    public IssuedToken issue(UUID userId, UUID sessionId, TokenType type, Instant notBefore) {
        // JWT times are whole seconds; truncating here makes expires_at equal to the exp claim.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (notBefore != null && notBefore.isAfter(now)) {
            now = notBefore.truncatedTo(ChronoUnit.SECONDS);
        }
        Instant expires = now.plus(type == TokenType.ACCESS ? accessTtl : refreshTtl);
        UUID jti = UUID.randomUUID();
        String token = Jwts.builder()
                .issuer(ISSUER)
                .subject(userId.toString())
                .claim(TYPE_CLAIM, type.claim())
                .claim(SESSION_CLAIM, sessionId.toString())
                .id(jti.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new IssuedToken(token, jti, userId, sessionId, now, expires);
    }

    /** The token's facts if it is well signed, unexpired, ours and of the expected type; empty otherwise. */
    public Optional<IssuedToken> parse(String token, TokenType expected) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            String sid = claims.get(SESSION_CLAIM, String.class);
            if (!expected.claim().equals(claims.get(TYPE_CLAIM, String.class)) || sid == null
                    || claims.getSubject() == null || claims.getId() == null || claims.getExpiration() == null) {
                return Optional.empty();
            }
            return Optional.of(new IssuedToken(token, UUID.fromString(claims.getId()),
                    UUID.fromString(claims.getSubject()), UUID.fromString(sid),
                    claims.getIssuedAt() == null ? null : claims.getIssuedAt().toInstant(),
                    claims.getExpiration().toInstant()));
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
