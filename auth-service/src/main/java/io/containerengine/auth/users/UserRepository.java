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
            "id, username, email, password_hash, is_active, created_at, updated_at, last_login";

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

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when a concurrent insert won the race. */
    public void insert(User user) {
        jdbc.sql("insert into users (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(user.id(), user.username(), user.email(), user.passwordHash(), user.active(),
                        ts(user.createdAt()), ts(user.updatedAt()), ts(user.lastLogin()))
                .update();
    }

    public void updateLastLogin(UUID id, Instant when) {
        jdbc.sql("update users set last_login = ? where id = ?").params(ts(when), id).update();
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("email"),
                rs.getString("password_hash"), rs.getBoolean("is_active"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "last_login"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
