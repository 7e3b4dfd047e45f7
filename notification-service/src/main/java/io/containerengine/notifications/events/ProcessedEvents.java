package io.containerengine.notifications.events;

import static io.containerengine.notifications.work.Sql.ts;

import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code processed_events}: event ids the shared group already acted on (the work rows commit with them). */
@Repository
class ProcessedEvents {

    private final JdbcClient jdbc;

    ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true the first time this event is seen (call in the transaction that does its work) */
    boolean markFirst(UUID eventId, String type, Instant now) {
        return jdbc.sql("""
                INSERT INTO processed_events (event_id, event_type, processed_at) VALUES (:id, :type, :now)
                ON CONFLICT (event_id) DO NOTHING""")
                .param("id", eventId).param("type", type).param("now", ts(now))
                .update() == 1;
    }
}
