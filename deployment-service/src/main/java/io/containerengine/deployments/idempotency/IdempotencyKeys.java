package io.containerengine.deployments.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.deployments.config.ApiProperties;
import io.containerengine.deployments.web.UnprocessableException;
import io.containerengine.deployments.web.ValidationException;

/**
 * {@code Idempotency-Key} of a user's requests, stored in the same transaction as the change it guards.
 *
 * <p>{@link #begin} claims the key with an insert; a concurrent request with the same key waits on that row until
 * the first transaction ends, then sees its committed answer (or, if it rolled back, claims the key itself). So a
 * retry gets the first answer and never creates a duplicate. Only successful answers are stored: a request that
 * failed (validation, conflict) rolled back and its retry is evaluated again. Keys expire after
 * {@link ApiProperties#idempotencyTtl()}.
 */
@Component
public class IdempotencyKeys {

    /** Visible ASCII, as Stripe and the IETF draft allow; long enough for UUIDs and hashes. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final long PURGE_EVERY_MILLIS = 60_000;

    /** The answer given to the first request with the key. */
    public record StoredResponse(int status, String body) {
    }

    private final JdbcClient jdbc;
    private final ApiProperties properties;
    private final AtomicLong nextPurge = new AtomicLong();

    public IdempotencyKeys(JdbcClient jdbc, ApiProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Rejects a malformed key with 400 naming the header. */
    public static void validate(String key) {
        if (!KEY.matcher(key).matches()) {
            throw ValidationException.of("Idempotency-Key", "must be 1-255 visible ASCII characters");
        }
    }

    /** SHA-256 (hex) of a canonical form of the request, to tell a retry from a different request. */
    public static String hash(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Claims {@code key} for this request, or returns the stored answer of the earlier one.
     *
     * @throws UnprocessableException when the key was used for a different request
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<StoredResponse> begin(UUID userId, String key, String requestHash) {
        validate(key);
        purgeExpiredOccasionally();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("delete from idempotency_key where user_id = ? and idempotency_key = ? and expires_at <= ?")
                .param(userId).param(key).param(Timestamp.from(now)).update();
        // Status 0 marks a claim in progress; it is never visible to others (the row commits with the answer).
        int claimed = jdbc.sql("""
                insert into idempotency_key (user_id, idempotency_key, request_hash, response_status, response_body,
                    created_at, expires_at)
                values (?, ?, ?, 0, '', ?, ?)
                on conflict do nothing
                """)
                .param(userId).param(key).param(requestHash).param(Timestamp.from(now))
                .param(Timestamp.from(now.plus(properties.idempotencyTtl())))
                .update();
        if (claimed == 1) {
            return Optional.empty();
        }
        var stored = jdbc.sql("""
                select request_hash, response_status, response_body from idempotency_key
                where user_id = ? and idempotency_key = ?
                """)
                .param(userId).param(key)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)})
                .single();
        if (!requestHash.equals(stored[0])) {
            throw new UnprocessableException("Idempotency-Key already used",
                    "the key was used with a different request body; use a new key for a new request");
        }
        return Optional.of(new StoredResponse((Integer) stored[1], (String) stored[2]));
    }

    /** Records the answer of the request that claimed {@code key}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(UUID userId, String key, int status, String body) {
        jdbc.sql("update idempotency_key set response_status = ?, response_body = ? where user_id = ? and idempotency_key = ?")
                .param(status).param(body).param(userId).param(key).update();
    }

    /** Expired keys of every user, at most once a minute per instance, in small chunks. */
    private void purgeExpiredOccasionally() {
        long now = System.currentTimeMillis();
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + PURGE_EVERY_MILLIS)) {
            return;
        }
        jdbc.sql("""
                delete from idempotency_key where ctid in (
                    select ctid from idempotency_key where expires_at <= now() limit 1000)
                """).update();
    }
}
