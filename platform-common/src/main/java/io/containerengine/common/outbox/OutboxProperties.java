package io.containerengine.common.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the transactional outbox ({@code ce.outbox.*}).
 *
 * @param enabled         turns the outbox on; off unless a service sets {@code ce.outbox.enabled=true}
 * @param table           the outbox table, resolved in the service's own schema (search path)
 * @param pollInterval    fallback poll for rows nobody signalled (another instance, a crash between commit and send)
 * @param batchSize       rows sent per transaction of the relay
 * @param ackTimeout      how long the relay waits for Kafka to acknowledge a batch before it tries again
 * @param lockTimeout     how long a relay waits for another instance's relay of the same table to finish a batch
 * @param retention       published rows are deleted after this long (kept meanwhile for inspection and replay)
 * @param cleanupInterval how often published rows past their retention are deleted
 */
@ConfigurationProperties("ce.outbox")
public record OutboxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("outbox") String table,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("30s") Duration ackTimeout,
        @DefaultValue("10s") Duration lockTimeout,
        @DefaultValue("1d") Duration retention,
        @DefaultValue("10m") Duration cleanupInterval) {

    public OutboxProperties {
        // The name goes into SQL text, so it must be a plain (optionally schema-qualified) identifier.
        if (table == null || !table.matches("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?")) {
            throw new IllegalArgumentException("ce.outbox.table must be a lower-case SQL identifier");
        }
        requirePositive(pollInterval, "poll-interval");
        requirePositive(ackTimeout, "ack-timeout");
        requirePositive(lockTimeout, "lock-timeout");
        requirePositive(retention, "retention");
        requirePositive(cleanupInterval, "cleanup-interval");
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("ce.outbox.batch-size must be between 1 and 10000");
        }
    }

    /** The defaults, for code that builds the outbox by hand (tests). */
    public static OutboxProperties defaults() {
        return new OutboxProperties(true, "outbox", Duration.ofSeconds(1), 100, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofMinutes(10));
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("ce.outbox." + name + " must be positive");
        }
    }
}
