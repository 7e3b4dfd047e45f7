package io.containerengine.notifications.webhooks;

import static io.containerengine.notifications.work.Sql.clip;
import static io.containerengine.notifications.work.Sql.instant;
import static io.containerengine.notifications.work.Sql.integer;
import static io.containerengine.notifications.work.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code webhook_deliveries}: the persisted retry schedule and the delivery log. A pending row is due when
 * {@code next_attempt_at} has passed; claiming it moves {@code next_attempt_at} a lease ahead (so no other worker
 * takes it while the attempt runs, and it comes back by itself if this instance dies mid-attempt).
 */
@Repository
public class WebhookDeliveries {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** A claimed delivery, with what is needed to sign and send it. */
    public record Due(UUID id, UUID endpointId, UUID userId, String url, String payload, int attempts,
            String secretCiphertext) {
    }

    /** One line of an endpoint's delivery log. */
    public record Delivery(UUID id, UUID eventId, String eventType, String status, int attempts,
            Integer lastResponseCode, String lastError, Instant nextAttemptAt, Instant createdAt,
            Instant lastAttemptAt, Instant deliveredAt) {
    }

    /** A user's figures over their own endpoints. */
    public record UserStats(long total, long succeeded, long pending, long failed, long failedAttempts) {
    }

    private final JdbcClient jdbc;

    public WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when this event was already scheduled for this endpoint (a redelivered event) */
    public boolean enqueue(UUID endpointId, UUID userId, UUID eventId, String eventType, String url, String payload,
            Instant now) {
        return jdbc.sql("""
                INSERT INTO webhook_deliveries
                    (id, endpoint_id, user_id, event_id, event_type, url, payload, status, next_attempt_at, created_at)
                VALUES (:id, :endpoint, :user, :event, :type, :url, :payload, 'pending', :now, :now)
                ON CONFLICT ON CONSTRAINT webhook_deliveries_once DO NOTHING""")
                .param("id", UUID.randomUUID()).param("endpoint", endpointId).param("user", userId)
                .param("event", eventId).param("type", eventType).param("url", url).param("payload", payload)
                .param("now", ts(now))
                .update() == 1;
    }

    /** Claims up to {@code limit} due deliveries (counting the attempt) for {@code lease}. Call in a transaction. */
    public List<Due> claim(int limit, Instant now, Duration lease) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                    WHERE status = 'pending' AND next_attempt_at <= :now
                    ORDER BY next_attempt_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE webhook_deliveries d
                SET attempts = d.attempts + 1, last_attempt_at = :now, next_attempt_at = :leaseEnd
                FROM due
                WHERE d.id = due.id
                RETURNING d.id, d.endpoint_id, d.user_id, d.url, d.payload, d.attempts,
                    (SELECT e.secret_ciphertext FROM webhook_endpoints e WHERE e.id = d.endpoint_id)
                        AS secret_ciphertext""")
                .param("now", ts(now)).param("limit", limit).param("leaseEnd", ts(now.plus(lease)))
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                        rs.getObject("user_id", UUID.class), rs.getString("url"), rs.getString("payload"),
                        rs.getInt("attempts"), rs.getString("secret_ciphertext")))
                .list();
    }

    /** When the earliest pending delivery is due, if any. */
    public Optional<Instant> nextDue() {
        return jdbc.sql("SELECT min(next_attempt_at) AS next FROM webhook_deliveries WHERE status = 'pending'")
                .query((rs, n) -> instant(rs, "next")).optional();
    }

    public void recordSuccess(UUID id, int responseCode, Instant now) {
        jdbc.sql("""
                UPDATE webhook_deliveries
                SET status = 'succeeded', last_response_code = :code, last_error = NULL, next_attempt_at = NULL,
                    delivered_at = :now
                WHERE id = :id""")
                .param("id", id).param("code", responseCode).param("now", ts(now)).update();
    }

    /** @param nextAttemptAt null: retries are spent, the delivery failed for good */
    public void recordFailure(UUID id, Integer responseCode, String error, Instant nextAttemptAt) {
        jdbc.sql("""
                UPDATE webhook_deliveries
                SET status = :status, last_response_code = :code, last_error = :error, next_attempt_at = :next
                WHERE id = :id""")
                .param("id", id).param("status", nextAttemptAt == null ? FAILED : PENDING)
                .param("code", responseCode).param("error", clip(error, 500)).param("next", ts(nextAttemptAt))
                .update();
    }

    /** Gives up the pending deliveries of a disabled endpoint. */
    public int failPending(UUID endpointId, String reason) {
        return jdbc.sql("""
                UPDATE webhook_deliveries SET status = 'failed', last_error = :reason, next_attempt_at = NULL
                WHERE endpoint_id = :endpoint AND status = 'pending'""")
                .param("endpoint", endpointId).param("reason", reason).update();
    }

    public List<Delivery> listForEndpoint(UUID endpointId, int limit) {
        return jdbc.sql("""
                SELECT id, event_id, event_type, status, attempts, last_response_code, last_error, next_attempt_at,
                       created_at, last_attempt_at, delivered_at
                FROM webhook_deliveries WHERE endpoint_id = :endpoint
                ORDER BY created_at DESC, id LIMIT :limit""")
                .param("endpoint", endpointId).param("limit", limit)
                .query((rs, n) -> new Delivery(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"),
                        integer(rs, "last_response_code"), rs.getString("last_error"),
                        instant(rs, "next_attempt_at"), instant(rs, "created_at"), instant(rs, "last_attempt_at"),
                        instant(rs, "delivered_at")))
                .list();
    }

    /** Deliveries to the user's own endpoints only (the operator's global URL is not theirs). */
    public UserStats statsFor(UUID userId) {
        return jdbc.sql("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                       count(*) FILTER (WHERE status = 'pending') AS pending,
                       count(*) FILTER (WHERE status = 'failed') AS failed,
                       coalesce(sum(CASE WHEN status = 'succeeded' THEN attempts - 1 ELSE attempts END), 0)
                           AS failed_attempts
                FROM webhook_deliveries WHERE user_id = :user AND endpoint_id IS NOT NULL""")
                .param("user", userId)
                .query((rs, n) -> new UserStats(rs.getLong("total"), rs.getLong("succeeded"), rs.getLong("pending"),
                        rs.getLong("failed"), rs.getLong("failed_attempts")))
                .single();
    }
}
