package io.containerengine.deployments.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists if and only if the change that
 * caused it was committed. The relay is woken right after that commit.
 */
@Component
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final OutboxSignal signal;

    public OutboxWriter(JdbcClient jdbc, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.signal = signal;
    }

    /** Adds an event keyed by its aggregate id. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String topic, EventEnvelope event) {
        jdbc.sql("insert into outbox (topic, message_key, payload) values (?, ?, ?)")
                .param(topic)
                .param(event.aggregateId().toString())
                .param(EventJson.write(event))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.wake();
            }
        });
    }
}
