package io.containerengine.auth.tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Issued refresh tokens by jti (the token itself is not stored). A token is exchanged once: {@code used_at} marks
 * it, and presenting it again is reuse. Its session says whether it is still alive.
 */
@Repository
public class RefreshTokenRepository {

    public record RefreshTokenRow(UUID jti, UUID userId, UUID sessionId, Instant expiresAt, Instant usedAt) {
    }

    private final JdbcClient jdbc;

    public RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void save(IssuedToken token) {
        jdbc.sql("""
                insert into refresh_tokens (jti, user_id, session_id, issued_at, expires_at)
                values (?, ?, ?, ?, ?)""")
                .params(token.jti(), token.userId(), token.sessionId(), ts(token.issuedAt()), ts(token.expiresAt()))
                .update();
    }

    /** The token's row, locked until the end of the transaction: two refreshes with one token run one by one. */
    public Optional<RefreshTokenRow> lock(UUID jti) {
        return jdbc.sql("select jti, user_id, session_id, expires_at, used_at from refresh_tokens where jti = ? "
                        + "for update")
                .param(jti).query(RefreshTokenRepository::map).optional();
    }

    public void markUsed(UUID jti, Instant now) {
        jdbc.sql("update refresh_tokens set used_at = ? where jti = ?").params(ts(now), jti).update();
    }

    /** Housekeeping on each new session, so a user's expired tokens don't pile up. */
    public void deleteExpired(UUID userId, Instant now) {
        jdbc.sql("delete from refresh_tokens where user_id = ? and expires_at <= ?").params(userId, ts(now)).update();
    }

    private static RefreshTokenRow map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime used = rs.getObject("used_at", OffsetDateTime.class);
        return new RefreshTokenRow(rs.getObject("jti", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("session_id", UUID.class), rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                used == null ? null : used.toInstant());
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
