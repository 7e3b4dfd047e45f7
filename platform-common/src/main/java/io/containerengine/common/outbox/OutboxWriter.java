package io.containerengine.common.outbox;

import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;

/**
 * Appends events to the outbox table inside the caller's transaction, so that an event exists if and only if the
 * change that caused it committed. The relay is woken right after that commit.
 *
 * <p>Each service creates the table in its own schema with its own Flyway migration:
 *
 * <pre>{@code
 * create table outbox (
 *     id           bigserial    primary key,
 *     topic        varchar(249) not null,
 *     message_key  varchar(255),
 *     payload      text         not null,
 *     created_at   timestamptz  not null default now(),
 *     published_at timestamptz
 * );
 * -- the relay's scan: unpublished rows in id order
 * create index outbox_unpublished_idx on outbox (id) where published_at is null;
 * -- the clean-up of published rows past their retention
 * create index outbox_published_at_idx on outbox (published_at) where published_at is not null;
 * }</pre>
 *
 * Then set {@code ce.outbox.enabled=true}; the writer and the relay are auto-configured (see {@link OutboxProperties}).
 */
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final OutboxSignal signal;
    private final String insert;
    private final TransactionSynchronization wakeAfterCommit;

    public OutboxWriter(JdbcClient jdbc, OutboxSignal signal, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.signal = signal;
        this.insert = "insert into " + properties.table() + " (topic, message_key, payload) values (?, ?, ?)";
        this.wakeAfterCommit = new WakeAfterCommit(signal);
    }

    /**
     * Adds {@code event} for {@code topic} with record key {@code key}, as part of the current transaction.
     *
     * @throws IllegalStateException when no transaction is active: without one the event could be sent for a
     *                               change that was never committed, or lost for one that was
     */
    public void append(String topic, String key, EventEnvelope event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("OutboxWriter.append must run inside a transaction (@Transactional)");
        }
        jdbc.sql(insert).params(topic, key, EventJson.write(event)).update();
        // Registered once per transaction: the synchronization list is a set, and this instance is shared.
        if (!TransactionSynchronizationManager.getSynchronizations().contains(wakeAfterCommit)) {
            TransactionSynchronizationManager.registerSynchronization(wakeAfterCommit);
        }
    }

    /** Adds {@code event} keyed by its aggregate id, the platform's convention. */
    public void append(String topic, EventEnvelope event) {
        append(topic, event.aggregateId().toString(), event);
    }

    /** Wakes the relay now, e.g. after rows were written by other means. */
    public void wakeRelay() {
        signal.wake();
    }

    private record WakeAfterCommit(OutboxSignal signal) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            signal.wake();
        }
    }
}
