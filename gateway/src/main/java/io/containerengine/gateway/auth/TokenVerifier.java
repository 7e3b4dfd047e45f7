package io.containerengine.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;

import org.jspecify.annotations.Nullable;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Checks the access tokens auth-service issues: HS256 with {@code JWT_SECRET}, {@code iss = container-engine},
 * {@code typ = access} (a refresh token is refused), an {@code exp} in the future and a UUID {@code sub}.
 *
 * <p>This runs on every API request, so a token that passed is remembered (bounded map, until its expiry) and
 * later requests with it cost a map lookup. Failures are never cached: a flood of garbage can't grow the map.
 */
public final class TokenVerifier {

    public static final String ISSUER = "container-engine";
    public static final String TYPE_CLAIM = "typ";
    public static final String ACCESS = "access";

    /** Longer than any token auth-service issues; refused before any parsing. */
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final JwtParser parser;
    private final Clock clock;
    private final int cacheSize;
    private final Map<String, VerifiedToken> cache = new ConcurrentHashMap<>();

    public TokenVerifier(String secret, int cacheSize, Clock clock) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("JWT_SECRET (ce.gateway.jwt.secret) must be at least 32 bytes");
        }
        SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.cacheSize = Math.max(0, cacheSize);
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(ISSUER)
                .require(TYPE_CLAIM, ACCESS)
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    /** The token's user if it is a valid, unexpired access token; null otherwise. */
    public @Nullable VerifiedToken verify(@Nullable String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        long now = clock.millis() / 1000;
        VerifiedToken cached = cache.get(token);
        if (cached != null) {
            if (!cached.isExpired(now)) {
                return cached;
            }
            cache.remove(token, cached);
            return null;
        }
        VerifiedToken verified = parse(token);
        if (verified == null || verified.isExpired(now)) {
            return null;
        }
        remember(token, verified, now);
        return verified;
    }

    private @Nullable VerifiedToken parse(String token) {
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            // verifyWith accepts any HS* algorithm the key is long enough for; the contract is HS256 only
            if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
                return null;
            }
            Claims claims = jws.getPayload();
            Date expiration = claims.getExpiration();
            UUID userId = strictUuid(claims.getSubject());
            if (expiration == null || userId == null) {
                return null;
            }
            return new VerifiedToken(userId, expiration.toInstant().getEpochSecond());
        } catch (JwtException | IllegalArgumentException e) {
            return null;
        }
    }

    private void remember(String token, VerifiedToken verified, long now) {
        if (cacheSize == 0) {
            return;
        }
        if (cache.size() >= cacheSize) {
            cache.values().removeIf(t -> t.isExpired(now));
            if (cache.size() >= cacheSize) {
                // still full of live tokens: start over rather than track recency on the hot path
                cache.clear();
            }
        }
        cache.put(token, verified);
    }

    private static @Nullable UUID strictUuid(@Nullable String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
