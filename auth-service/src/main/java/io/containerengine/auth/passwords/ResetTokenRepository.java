package io.containerengine.auth.passwords;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Password reset tokens by the SHA-256 of the e-mailed token; the token itself is never stored. */
@Repository
public class ResetTokenRepository {

    public record ResetToken(String tokenHash, UUID userId, Instant expiresAt, Instant usedAt) {
    }

    private final JdbcClient jdbc;

    public ResetTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String tokenHash, UUID userId, Instant now, Instant expiresAt) {
        jdbc.sql("insert into password_reset_tokens (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)")
                .params(tokenHash, userId, ts(now), ts(expiresAt)).update();
    }

    /** The token's row, locked: two resets with one token run one by one, and only the first finds it unused. */
    public Optional<ResetToken> lock(String tokenHash) {
        return jdbc.sql("select token_hash, user_id, expires_at, used_at from password_reset_tokens "
                        + "where token_hash = ? for update")
                .param(tokenHash).query(ResetTokenRepository::map).optional();
    }

    public void markUsed(String tokenHash, Instant now) {
        jdbc.sql("update password_reset_tokens set used_at = ? where token_hash = ?").params(ts(now), tokenHash)
                .update();
    }

    /**
     * Only the newest link of a user works, and spent or expired rows don't pile up: drops every other token of
     * the user except used ones younger than a day (kept so a second click says "already used").
     */
    public void deleteOthers(UUID userId, String keepHash, Instant now) {
        jdbc.sql("""
                delete from password_reset_tokens
                where user_id = ? and token_hash <> ?
                  and (used_at is null or used_at < ?)""")
                .params(userId, keepHash == null ? "" : keepHash, ts(now.minusSeconds(86_400))).update();
    }

    public void deleteAllOf(UUID userId) {
        jdbc.sql("delete from password_reset_tokens where user_id = ?").param(userId).update();
    }

    private static ResetToken map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime used = rs.getObject("used_at", OffsetDateTime.class);
        return new ResetToken(rs.getString("token_hash"), rs.getObject("user_id", UUID.class),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(), used == null ? null : used.toInstant());
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
