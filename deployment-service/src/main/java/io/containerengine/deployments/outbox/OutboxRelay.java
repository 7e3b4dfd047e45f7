package io.containerengine.deployments.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.deployments.config.DeploymentsProperties;

/**
 * Sends committed outbox rows to Kafka in id order and marks them published once Kafka acknowledged them.
 *
 * <p>One thread: woken by {@link OutboxSignal} right after a commit, and otherwise every poll interval (rows
 * written by another instance, or left over by a crash between commit and send). A row is marked published only in
 * the transaction that sent it, so a crash leaves it unpublished and it is sent again (at least once; consumers
 * de-duplicate by event id). A transaction-scoped advisory lock lets only one relay of all instances send at a
 * time, which keeps the per-key order across instances.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK_KEY = 0x0CE0_0B0BL;
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate tx;
    private final OutboxSignal signal;
    private final Duration pollInterval;
    private final int batchSize;

    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, String> kafka, TransactionTemplate tx,
            OutboxSignal signal, DeploymentsProperties properties) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.tx = tx;
        this.signal = signal;
        this.pollInterval = properties.outboxPollInterval();
        this.batchSize = properties.outboxBatchSize();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::loop, "outbox-relay");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                // Drain first: rows left unpublished before a start are sent right away.
                while (running && relayBatch() == batchSize) {
                    // a full batch: there may be more
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox relay failed, retrying in {}: {}", pollInterval, e.toString());
            }
            try {
                signal.await(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one batch of unpublished rows; returns how many were sent. */
    int relayBatch() {
        Integer sent = tx.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK_KEY)
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<OutboxRow> rows = jdbc.sql("""
                    select id, topic, message_key, payload from outbox
                    where published_at is null
                    order by id
                    limit ?
                    for update skip locked
                    """)
                    .param(batchSize)
                    .query((rs, n) -> new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            // Send all, then wait: the idempotent producer keeps their order, and waiting once is faster.
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (OutboxRow row : rows) {
                acks.add(kafka.send(row.topic(), row.key(), row.payload()));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the outbox batch", e);
            }
            jdbc.sql("update outbox set published_at = now() where id in (:ids)")
                    .param("ids", rows.stream().map(OutboxRow::id).toList())
                    .update();
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private record OutboxRow(long id, String topic, String key, String payload) {
    }
}
