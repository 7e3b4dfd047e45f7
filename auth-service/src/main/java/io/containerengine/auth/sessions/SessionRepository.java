package io.containerengine.auth.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code auth.sessions}: one per refresh-token family (login or registration). */
@Repository
public class SessionRepository {

    public record Session(UUID id, UUID userId, Instant createdAt, Instant expiresAt, Instant revokedAt) {

        public boolean liveAt(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    private final JdbcClient jdbc;

    public SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void open(UUID id, UUID userId, Instant now, Instant expiresAt) {
        jdbc.sql("insert into sessions (id, user_id, created_at, expires_at) values (?, ?, ?, ?)")
                .params(id, userId, ts(now), ts(expiresAt)).update();
    }

    /** The session, locked until the end of the transaction so that a revocation and a refresh don't interleave. */
    public Optional<Session> lock(UUID id) {
        return jdbc.sql("select id, user_id, created_at, expires_at, revoked_at from sessions where id = ? for update")
                .param(id).query(SessionRepository::map).optional();
    }

    public Optional<Session> find(UUID id) {
        return jdbc.sql("select id, user_id, created_at, expires_at, revoked_at from sessions where id = ?")
                .param(id).query(SessionRepository::map).optional();
    }

    public void extend(UUID id, Instant expiresAt) {
        jdbc.sql("update sessions set expires_at = ? where id = ?").params(ts(expiresAt), id).update();
    }

    /** @return whether the session was live and is now revoked */
    public boolean revoke(UUID id, UUID userId, Instant now, String reason) {
        return jdbc.sql("""
                update sessions set revoked_at = ?, revoke_reason = ?
                where id = ? and user_id = ? and revoked_at is null and expires_at > ?""")
                .params(ts(now), reason, id, userId, ts(now)).update() == 1;
    }

    /** Revokes every live session of the user except {@code keep} (may be null); returns the revoked ids. */
    public List<UUID> revokeAllExcept(UUID userId, UUID keep, Instant now, String reason) {
        return jdbc.sql("""
                update sessions set revoked_at = ?, revoke_reason = ?
                where user_id = ? and revoked_at is null and expires_at > ? and id <> ?
                returning id""")
                .params(ts(now), reason, userId, ts(now), keep == null ? new UUID(0, 0) : keep)
                .query(UUID.class).list();
    }

    /** Housekeeping on each new session: revoked and expired sessions (and their tokens) of the user go. */
    public void deleteDead(UUID userId, Instant now) {
        jdbc.sql("delete from sessions where user_id = ? and (revoked_at is not null or expires_at <= ?)")
                .params(userId, ts(now)).update();
    }

    private static Session map(ResultSet rs, int row) throws SQLException {
        return new Session(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
