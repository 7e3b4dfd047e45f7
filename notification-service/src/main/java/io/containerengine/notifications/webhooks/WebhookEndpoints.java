package io.containerengine.notifications.webhooks;

import static io.containerengine.notifications.work.Sql.instant;
import static io.containerengine.notifications.work.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code webhook_endpoints}: a user's receivers. Every read and delete is scoped to the owner. */
@Repository
public class WebhookEndpoints {

    /** An endpoint as stored (without its secret). */
    public record Endpoint(UUID id, UUID userId, String url, List<String> events, boolean enabled,
            int consecutiveFailures, Instant disabledAt, Instant createdAt) {
    }

    /** Where a new delivery goes. */
    public record Target(UUID id, String url) {
    }

    /** An endpoint that was just disabled, for the owner's e-mail. */
    public record Disabled(UUID id, UUID userId, String url, int consecutiveFailures) {
    }

    private static final String COLUMNS =
            "id, user_id, url, events, enabled, consecutive_failures, disabled_at, created_at";

    private final JdbcClient jdbc;

    public WebhookEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Endpoint create(UUID userId, String url, List<String> events, String secretCiphertext, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO webhook_endpoints (id, user_id, url, events, secret_ciphertext, created_at)
                VALUES (:id, :user, :url, :events::text[], :secret, :now)""")
                .param("id", id).param("user", userId).param("url", url)
                .param("events", arrayLiteral(events)).param("secret", secretCiphertext).param("now", ts(now))
                .update();
        return new Endpoint(id, userId, url, List.copyOf(events), true, 0, null, now);
    }

    public int countByUser(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE user_id = :user")
                .param("user", userId).query(Integer.class).single();
    }

    public List<Endpoint> listByUser(UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE user_id = :user ORDER BY created_at, id")
                .param("user", userId).query(WebhookEndpoints::endpoint).list();
    }

    public Optional<Endpoint> find(UUID id, UUID userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = :id AND user_id = :user")
                .param("id", id).param("user", userId).query(WebhookEndpoints::endpoint).optional();
    }

    /** Deletes the endpoint with its delivery log (pending retries included). */
    public boolean delete(UUID id, UUID userId) {
        return jdbc.sql("DELETE FROM webhook_endpoints WHERE id = :id AND user_id = :user")
                .param("id", id).param("user", userId).update() == 1;
    }

    /** Enabled endpoints of {@code userId} subscribed to {@code event}, or all enabled ones when event is null. */
    public List<Target> targets(UUID userId, String event) {
        return jdbc.sql("""
                SELECT id, url FROM webhook_endpoints
                WHERE user_id = :user AND enabled AND (CAST(:event AS text) IS NULL OR :event = ANY (events))
                ORDER BY created_at, id""")
                .param("user", userId).param("event", event)
                .query((rs, n) -> new Target(rs.getObject("id", UUID.class), rs.getString("url"))).list();
    }

    public void recordSuccess(UUID id) {
        jdbc.sql("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = :id AND consecutive_failures <> 0")
                .param("id", id).update();
    }

    /**
     * Counts a failed attempt; disables the endpoint when the count reaches {@code threshold}.
     *
     * @return the endpoint if this failure disabled it
     */
    public Optional<Disabled> recordFailure(UUID id, int threshold, Instant now) {
        return jdbc.sql("""
                UPDATE webhook_endpoints e
                SET consecutive_failures = e.consecutive_failures + 1,
                    enabled = e.enabled AND e.consecutive_failures + 1 < :threshold,
                    disabled_at = CASE WHEN e.enabled AND e.consecutive_failures + 1 >= :threshold THEN :now
                                       ELSE e.disabled_at END
                FROM (SELECT id, enabled FROM webhook_endpoints WHERE id = :id FOR UPDATE) old
                WHERE e.id = old.id
                RETURNING e.id, e.user_id, e.url, e.consecutive_failures, e.enabled, old.enabled AS was_enabled""")
                .param("id", id).param("threshold", threshold).param("now", ts(now))
                .query((rs, n) -> rs.getBoolean("was_enabled") && !rs.getBoolean("enabled")
                        ? Optional.of(new Disabled(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                                rs.getString("url"), rs.getInt("consecutive_failures")))
                        : Optional.<Disabled>empty())
                .optional().flatMap(disabled -> disabled);
    }

    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        String[] events = (String[]) rs.getArray("events").getArray();
        return new Endpoint(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getString("url"),
                Arrays.asList(events), rs.getBoolean("enabled"), rs.getInt("consecutive_failures"),
                instant(rs, "disabled_at"), instant(rs, "created_at"));
    }

    /** Events come from a fixed vocabulary (validated), so a literal is safe. */
    private static String arrayLiteral(List<String> events) {
        return "{" + String.join(",", events) + "}";
    }
}
