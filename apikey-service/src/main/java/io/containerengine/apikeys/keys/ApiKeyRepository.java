package io.containerengine.apikeys.keys;

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

@Repository
public class ApiKeyRepository {

    private static final String COLUMNS = "id, user_id, name, description, key_hash, key_prefix, created_at, "
            + "expires_at, last_used, revoked_at";

    private final JdbcClient jdbc;

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiKey key) {
        jdbc.sql("insert into api_keys (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(key.id(), key.userId(), key.name(), key.description(), key.keyHash(), key.keyPrefix(),
                        ts(key.createdAt()), ts(key.expiresAt()), ts(key.lastUsed()), ts(key.revokedAt()))
                .update();
    }

    public long countActive(UUID userId) {
        return jdbc.sql("select count(*) from api_keys where user_id = ? and revoked_at is null")
                .param(userId).query(Long.class).single();
    }

    /** Newest first; {@code id} breaks ties so that pages never overlap. */
    public List<ApiKey> pageActive(UUID userId, int limit, long offset) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where user_id = ? and revoked_at is null "
                        + "order by created_at desc, id desc limit ? offset ?")
                .params(userId, limit, offset)
                .query(ApiKeyRepository::map).list();
    }

    /** @return whether a live key of this user was revoked */
    public boolean revoke(UUID id, UUID userId, Instant now) {
        return jdbc.sql("update api_keys set revoked_at = ? where id = ? and user_id = ? and revoked_at is null")
                .params(ts(now), id, userId).update() == 1;
    }

    /** Revokes every live key of the user; @return the ids of the keys revoked now */
    public List<UUID> revokeAllOf(UUID userId, Instant now) {
        return jdbc.sql("update api_keys set revoked_at = ? where user_id = ? and revoked_at is null returning id")
                .params(ts(now), userId).query(UUID.class).list();
    }

    /** A live key of a user who is not deactivated (the check also covers a key that raced the revocation). */
    public Optional<ApiKey> findUsableByHash(String keyHash, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from api_keys k where key_hash = ? and revoked_at is null "
                        + "and (expires_at is null or expires_at > ?) "
                        + "and not exists (select 1 from deactivated_users d where d.user_id = k.user_id)")
                .params(keyHash, ts(now))
                .query(ApiKeyRepository::map).optional();
    }

    /** @return whether the user was not known as deactivated before */
    public boolean markDeactivated(UUID userId, Instant when) {
        return jdbc.sql("insert into deactivated_users (user_id, deactivated_at) values (?, ?) on conflict do nothing")
                .params(userId, ts(when)).update() == 1;
    }

    public boolean isDeactivated(UUID userId) {
        return jdbc.sql("select count(*) from deactivated_users where user_id = ?").param(userId)
                .query(Long.class).single() > 0;
    }

    /**
     * Records a use at {@code when}, unless one no older than {@code resolution} is already recorded: most calls
     * write nothing. Never moves {@code last_used} back, never touches revoked keys.
     *
     * @return whether the row was written
     */
    public boolean recordUse(UUID id, Instant when, java.time.Duration resolution) {
        return jdbc.sql("""
                update api_keys set last_used = ?
                where id = ? and revoked_at is null and (last_used is null or last_used < ?)""")
                .params(ts(when), id, ts(when.minus(resolution))).update() == 1;
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("name"), rs.getString("description"), rs.getString("key_hash"),
                rs.getString("key_prefix"), instant(rs, "created_at"), instant(rs, "expires_at"),
                instant(rs, "last_used"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
