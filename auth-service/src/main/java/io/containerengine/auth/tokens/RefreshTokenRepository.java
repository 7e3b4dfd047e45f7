package io.containerengine.auth.tokens;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Issued refresh tokens by jti; a token is usable only while its row is present, unrevoked and unexpired. */
@Repository
public class RefreshTokenRepository {

    private final JdbcClient jdbc;

    public RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void save(IssuedToken token) {
        jdbc.sql("insert into refresh_tokens (jti, user_id, issued_at, expires_at) values (?, ?, ?, ?)")
                .params(token.jti(), token.userId(), ts(token.issuedAt()), ts(token.expiresAt()))
                .update();
    }

    public boolean isUsable(UUID jti, UUID userId, Instant now) {
        return jdbc.sql("""
                select count(*) from refresh_tokens
                where jti = ? and user_id = ? and revoked_at is null and expires_at > ?""")
                .params(jti, userId, ts(now))
                .query(Long.class).single() > 0;
    }

    public int revokeAll(UUID userId, Instant now) {
        return jdbc.sql("update refresh_tokens set revoked_at = ? where user_id = ? and revoked_at is null")
                .params(ts(now), userId)
                .update();
    }

    /** Housekeeping on each new session, so a user's dead tokens don't pile up. */
    public void deleteDead(UUID userId, Instant now) {
        jdbc.sql("delete from refresh_tokens where user_id = ? and (expires_at <= ? or revoked_at is not null)")
                .params(userId, ts(now))
                .update();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
