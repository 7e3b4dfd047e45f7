package io.containerengine.auth.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

    private static final String COLUMNS =
            "id, username, email, password_hash, is_active, created_at, updated_at, last_login, tokens_not_before";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param email already normalised (trimmed, lower case) */
    public Optional<User> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from users where email = ?").param(email)
                .query(UserRepository::map).optional();
    }

    public Optional<User> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = ?").param(id)
                .query(UserRepository::map).optional();
    }

    public boolean usernameTaken(String username) {
        return jdbc.sql("select count(*) from users where lower(username) = lower(?)").param(username)
                .query(Long.class).single() > 0;
    }

    public boolean emailTaken(String email) {
        return jdbc.sql("select count(*) from users where email = ?").param(email)
                .query(Long.class).single() > 0;
    }

    /** Whether another user than {@code except} has this username (compared case-insensitively). */
    public boolean usernameTakenByOther(String username, UUID except) {
        return jdbc.sql("select count(*) from users where lower(username) = lower(?) and id <> ?")
                .params(username, except).query(Long.class).single() > 0;
    }

    public boolean emailTakenByOther(String email, UUID except) {
        return jdbc.sql("select count(*) from users where email = ? and id <> ?").params(email, except)
                .query(Long.class).single() > 0;
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when a concurrent insert won the race. */
    public void insert(User user) {
        jdbc.sql("insert into users (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(user.id(), user.username(), user.email(), user.passwordHash(), user.active(),
                        ts(user.createdAt()), ts(user.updatedAt()), ts(user.lastLogin()), ts(user.tokensNotBefore()))
                .update();
    }

    public void updateLastLogin(UUID id, Instant when) {
        jdbc.sql("update users set last_login = ? where id = ?").params(ts(when), id).update();
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when a concurrent change took the name. */
    public void updateProfile(UUID id, String username, String email, Instant now) {
        jdbc.sql("update users set username = ?, email = ?, updated_at = ? where id = ?")
                .params(username, email, ts(now), id).update();
    }

    public void updatePassword(UUID id, String passwordHash, Instant now) {
        jdbc.sql("update users set password_hash = ?, updated_at = ? where id = ?")
                .params(passwordHash, ts(now), id).update();
    }

    /** @return whether the user was active and is now deactivated */
    public boolean deactivate(UUID id, Instant now) {
        return jdbc.sql("update users set is_active = false, updated_at = ? where id = ? and is_active")
                .params(ts(now), id).update() == 1;
    }

    /** Raises the user's token not-before (never lowers it: a late, older revocation changes nothing). */
    public void raiseTokensNotBefore(UUID id, Instant notBefore) {
        jdbc.sql("update users set tokens_not_before = greatest(tokens_not_before, ?) where id = ?")
                .params(ts(notBefore), id).update();
    }

    public boolean exists(UUID id) {
        return jdbc.sql("select count(*) from users where id = ?").param(id).query(Long.class).single() > 0;
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("email"),
                rs.getString("password_hash"), rs.getBoolean("is_active"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "last_login"), instant(rs, "tokens_not_before"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
