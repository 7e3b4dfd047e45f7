package io.containerengine.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revocations the gateway knows, in memory: revoked sessions ({@code sid}) and per-user not-before instants
 * (tokens with an older {@code iat} are refused). Fed by {@code SessionsRevoked} events and by the Redis snapshot
 * auth-service keeps for gateways that start later. An entry is kept as long as a token it refers to can live
 * (the access-token lifetime), then dropped. Read on every token check: two map lookups, no I/O.
 *
 * <p><b>Before the Redis snapshot is loaded</b> (Redis down when the gateway starts), a revocation that happened
 * before this gateway started may be unknown to it. Such revocations can only concern tokens issued before the
 * start, so with {@code failClosedUntilLoaded} those tokens are refused (401: clients refresh and get a new token,
 * which is accepted), while tokens issued after the start are accepted: anything revoking them happens later and
 * reaches the gateway as an event. Without the flag, every token is accepted meanwhile (fail-open).
 */
public final class RevokedSessions {

    private static final long SWEEP_INTERVAL_SECONDS = 60;

    private final Clock clock;
    private final long lifetimeSeconds;
    private final boolean failClosedUntilLoaded;
    private final long startedAtEpochSecond;
    private final Map<UUID, Long> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, NotBefore> notBefore = new ConcurrentHashMap<>();
    private volatile boolean snapshotLoaded;
    private volatile long lastSweep;

    private record NotBefore(long epochSecond, long keepUntil) {
    }

    public RevokedSessions(Duration accessTokenLifetime, boolean failClosedUntilLoaded, Clock clock) {
        this.clock = clock;
        this.lifetimeSeconds = Math.max(1, accessTokenLifetime.toSeconds());
        this.failClosedUntilLoaded = failClosedUntilLoaded;
        this.startedAtEpochSecond = clock.millis() / 1000;
        this.lastSweep = startedAtEpochSecond;
    }

    /** Knows no revocation and waits for no snapshot (unit tests). */
    public static RevokedSessions none(Clock clock) {
        RevokedSessions none = new RevokedSessions(Duration.ofHours(1), false, clock);
        none.snapshotLoaded();
        return none;
    }

    /** True if the token must be refused although its signature and expiry are fine. */
    public boolean refuses(VerifiedToken token, long nowEpochSecond) {
        if (!snapshotLoaded && failClosedUntilLoaded && token.issuedAtEpochSecond() < startedAtEpochSecond) {
            return true;
        }
        Long until = sessions.get(token.sessionId());
        if (until != null && nowEpochSecond < until) {
            return true;
        }
        NotBefore nb = notBefore.get(token.userId());
        return nb != null && token.issuedAtEpochSecond() < nb.epochSecond();
    }

    /** The session is over; kept until {@code keepUntilEpochSecond} (or the token lifetime from now if 0). */
    public void revokeSession(UUID sessionId, long keepUntilEpochSecond) {
        long now = now();
        long until = keepUntilEpochSecond > 0 ? keepUntilEpochSecond : now + lifetimeSeconds;
        sessions.merge(sessionId, until, Math::max);
        sweep(now);
    }

    /** Tokens of the user issued before {@code notBeforeEpochSecond} are refused (until they have all expired). */
    public void notBefore(UUID userId, long notBeforeEpochSecond) {
        long now = now();
        NotBefore added = new NotBefore(notBeforeEpochSecond, notBeforeEpochSecond + lifetimeSeconds);
        notBefore.merge(userId, added, (a, b) -> a.epochSecond() >= b.epochSecond() ? a : b);
        sweep(now);
    }

    /** The Redis snapshot has been applied: every revocation older than this gateway is known. */
    public void snapshotLoaded() {
        snapshotLoaded = true;
    }

    public boolean isSnapshotLoaded() {
        return snapshotLoaded;
    }

    int size() {
        return sessions.size() + notBefore.size();
    }

    private void sweep(long now) {
        if (now - lastSweep < SWEEP_INTERVAL_SECONDS) {
            return;
        }
        lastSweep = now;
        sessions.values().removeIf(until -> until <= now);
        notBefore.values().removeIf(nb -> nb.keepUntil() <= now);
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
