package io.containerengine.notifications.work;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.containerengine.notifications.NotificationProperties;

/**
 * Keeps the tables bounded: processed event ids are needed only while a redelivery is still acted on (events
 * older than {@code max-event-age} are skipped anyway, so twice that is kept), finished deliveries and e-mails
 * for {@code ce.notifications.history} (sent e-mails also hold sealed reset links: no reason to keep them).
 */
@Component
public class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final JdbcClient jdbc;
    private final NotificationProperties properties;
    private final DueWorkLoop loop;

    Housekeeping(JdbcClient jdbc, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.loop = new DueWorkLoop("notifications-housekeeping", Duration.ofHours(1), this::pass);
    }

    private Duration pass() {
        Instant now = Instant.now();
        int events = jdbc.sql("DELETE FROM processed_events WHERE processed_at < :before")
                .param("before", Sql.ts(now.minus(properties.maxEventAge().multipliedBy(2)))).update();
        Instant historyStart = now.minus(properties.history());
        int deliveries = jdbc.sql("""
                DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < :before""")
                .param("before", Sql.ts(historyStart)).update();
        int emails = jdbc.sql("DELETE FROM email_outbox WHERE status <> 'pending' AND created_at < :before")
                .param("before", Sql.ts(historyStart)).update();
        if (events + deliveries + emails > 0) {
            log.info("Housekeeping removed {} processed event ids, {} deliveries, {} e-mails", events, deliveries,
                    emails);
        }
        return null;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
