package io.containerengine.notifications.email;

import static io.containerengine.notifications.work.Sql.ts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code user_emails}: where to reach a user. This service owns no users; the address comes from the identity
 * events ({@code user.registered}, and the address a reset was requested for).
 */
@Repository
public class UserDirectory {

    public record Contact(String email, String username) {
    }

    private final JdbcClient jdbc;

    public UserDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void remember(UUID userId, String email, String username, Instant at) {
        jdbc.sql("""
                INSERT INTO user_emails (user_id, email, username, updated_at) VALUES (:user, :email, :username, :at)
                ON CONFLICT (user_id) DO UPDATE
                SET email = EXCLUDED.email, username = coalesce(EXCLUDED.username, user_emails.username),
                    updated_at = EXCLUDED.updated_at
                WHERE user_emails.updated_at <= EXCLUDED.updated_at""")
                .param("user", userId).param("email", email).param("username", username).param("at", ts(at))
                .update();
    }

    public Optional<Contact> find(UUID userId) {
        return jdbc.sql("SELECT email, username FROM user_emails WHERE user_id = :user")
                .param("user", userId)
                .query((rs, n) -> new Contact(rs.getString("email"), rs.getString("username")))
                .optional();
    }
}
