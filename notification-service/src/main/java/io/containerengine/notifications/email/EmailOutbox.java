package io.containerengine.notifications.email;

import static io.containerengine.notifications.work.Sql.clip;
import static io.containerengine.notifications.work.Sql.instant;
import static io.containerengine.notifications.work.Sql.ts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code email_outbox}: e-mails to send, written in the transaction of the event that asked for them and sent
 * later by {@link EmailWorker}, so a slow or down SMTP server delays mail but never loses it or blocks anything.
 */
@Repository
public class EmailOutbox {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String EXPIRED = "expired";

    /** A claimed e-mail. */
    public record Due(UUID id, String kind, String recipient, String params, int attempts, Instant notAfter) {
    }

    private final JdbcClient jdbc;

    public EmailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when an e-mail with this dedupe key already exists (a redelivered event) */
    public boolean enqueue(String dedupeKey, String kind, UUID userId, String recipient, String paramsJson,
            Instant notAfter, Instant now) {
        return jdbc.sql("""
                INSERT INTO email_outbox
                    (id, dedupe_key, kind, user_id, recipient, params, status, not_after, next_attempt_at, created_at)
                VALUES (:id, :key, :kind, :user, :recipient, :params, 'pending', :notAfter, :now, :now)
                ON CONFLICT (dedupe_key) DO NOTHING""")
                .param("id", UUID.randomUUID()).param("key", dedupeKey).param("kind", kind).param("user", userId)
                .param("recipient", recipient).param("params", paramsJson).param("notAfter", ts(notAfter))
                .param("now", ts(now))
                .update() == 1;
    }

    /** Claims up to {@code limit} due e-mails (counting the attempt) for {@code lease}. Call in a transaction. */
    public List<Due> claim(int limit, Instant now, Duration lease) {
        return jdbc.sql("""
                WITH due AS (
                    SELECT id FROM email_outbox
                    WHERE status = 'pending' AND next_attempt_at <= :now
                    ORDER BY next_attempt_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE email_outbox o
                SET attempts = o.attempts + 1, next_attempt_at = :leaseEnd
                FROM due WHERE o.id = due.id
                RETURNING o.id, o.kind, o.recipient, o.params, o.attempts, o.not_after""")
                .param("now", ts(now)).param("limit", limit).param("leaseEnd", ts(now.plus(lease)))
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getString("kind"),
                        rs.getString("recipient"), rs.getString("params"), rs.getInt("attempts"),
                        instant(rs, "not_after")))
                .list();
    }

    public Optional<Instant> nextDue() {
        return jdbc.sql("SELECT min(next_attempt_at) AS next FROM email_outbox WHERE status = 'pending'")
                .query((rs, n) -> instant(rs, "next")).optional();
    }

    public void recordSent(UUID id, Instant now) {
        jdbc.sql("UPDATE email_outbox SET status = 'sent', sent_at = :now, next_attempt_at = NULL, last_error = NULL "
                + "WHERE id = :id").param("id", id).param("now", ts(now)).update();
    }

    /** Terminal without sending: expired or unrenderable. */
    public void recordGivenUp(UUID id, String status, String reason) {
        jdbc.sql("UPDATE email_outbox SET status = :status, last_error = :reason, next_attempt_at = NULL WHERE id = :id")
                .param("id", id).param("status", status).param("reason", clip(reason, 500)).update();
    }

    /** @param nextAttemptAt null: retries spent */
    public void recordFailure(UUID id, String error, Instant nextAttemptAt) {
        jdbc.sql("""
                UPDATE email_outbox SET status = :status, last_error = :error, next_attempt_at = :next WHERE id = :id""")
                .param("id", id).param("status", nextAttemptAt == null ? FAILED : PENDING)
                .param("error", clip(error, 500)).param("next", ts(nextAttemptAt)).update();
    }
}
