package io.containerengine.common.events;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers consumed event ids in the consumer's own {@code processed_events (event_id uuid primary key)} table, in
 * the transaction that applies the event, so a redelivered event is applied once. A service that consumes events
 * declares it as a bean (its schema has the table).
 */
public class ProcessedEvents {

    private final JdbcClient jdbc;

    public ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time an event id is seen (in a committed transaction); false for a repeat. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markProcessed(UUID eventId) {
        return jdbc.sql("insert into processed_events (event_id) values (?) on conflict do nothing")
                .param(eventId).update() == 1;
    }
}
