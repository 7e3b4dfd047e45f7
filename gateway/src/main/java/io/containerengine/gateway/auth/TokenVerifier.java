package io.containerengine.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Set;
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
 * {@code typ = access} (a refresh token is refused), an {@code exp} in the future, a UUID {@code sub}, a UUID
 * {@code sid} (session) and an {@code iat}; and that {@link RevokedSessions} does not refuse it (session revoked,
 * or issued before the user's not-before). A token without {@code sid} or {@code iat} could not be revoked, so
 * it is refused.
 *
 * <p>This runs on every API request, so a token that passed is remembered (bounded map, until its expiry) and
 * later requests with it cost a map lookup, plus the revocation lookups (done on hits too, so a token cached
 * while its revocation was being applied is still refused). Failures are never cached: a flood of garbage can't
 * grow the map. A revocation also {@link #purge purges} the tokens it concerns from the map at once.
 */
public final class TokenVerifier {

    public static final String ISSUER = "container-engine";
    public static final String TYPE_CLAIM = "typ";
    public static final String ACCESS = "access";
    public static final String SESSION_CLAIM = "sid";

    /** Longer than any token auth-service issues; refused before any parsing. */
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final JwtParser parser;
    private final Clock clock;
    private final int cacheSize;
    private final Map<String, VerifiedToken> cache = new ConcurrentHashMap<>();
    private final RevokedSessions revoked;

    public TokenVerifier(String secret, int cacheSize, Clock clock) {
        this(secret, cacheSize, clock, RevokedSessions.none(clock));
    }

    public TokenVerifier(String secret, int cacheSize, Clock clock, RevokedSessions revoked) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("JWT_SECRET (ce.gateway.jwt.secret) must be at least 32 bytes");
        }
        SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.revoked = revoked;
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
            if (cached.isExpired(now)) {
                cache.remove(token, cached);
                return null;
            }
            return revoked.refuses(cached, now) ? null : cached;
        }
        VerifiedToken verified = parse(token);
        if (verified == null || verified.isExpired(now) || revoked.refuses(verified, now)) {
            return null;
        }
        remember(token, verified, now);
        return verified;
    }

    /** Drops the cached tokens of these sessions (they are refused anyway; this frees the memory at once). */
    public void purgeSessions(Collection<UUID> sessionIds) {
        if (!sessionIds.isEmpty()) {
            Set<UUID> ids = Set.copyOf(sessionIds);
            cache.values().removeIf(t -> ids.contains(t.sessionId()));
        }
    }

    /** Drops the cached tokens of the user issued before {@code notBeforeEpochSecond}. */
    public void purgeUser(UUID userId, long notBeforeEpochSecond) {
        cache.values().removeIf(t -> t.userId().equals(userId) && t.issuedAtEpochSecond() < notBeforeEpochSecond);
    }

    int cachedCount() {
        return cache.size();
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
            Date issuedAt = claims.getIssuedAt();
            UUID userId = strictUuid(claims.getSubject());
            Object sid = claims.get(SESSION_CLAIM);
            UUID sessionId = sid instanceof String s ? strictUuid(s) : null;
            if (expiration == null || issuedAt == null || userId == null || sessionId == null) {
                return null;
            }
            return new VerifiedToken(userId, sessionId, issuedAt.toInstant().getEpochSecond(),
                    expiration.toInstant().getEpochSecond());
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
