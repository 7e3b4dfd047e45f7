package io.containerengine.common.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends committed outbox rows to Kafka in id order and marks them published once Kafka acknowledged them.
 *
 * <p>One daemon thread per instance. It is woken by {@link OutboxSignal} right after a writer's commit; otherwise
 * it polls every {@link OutboxProperties#pollInterval()} (rows of another instance, rows left by a crash between
 * commit and send, or a batch that failed). There is no sleep on the hot path.
 *
 * <p>Delivery is at least once: a row is marked published only in the transaction that sent it, after Kafka's
 * acknowledgement, so a crash in between sends it again; consumers de-duplicate by event id. To keep the order of
 * records with the same key across instances, a relay holds a transaction-scoped advisory lock on its table
 * (schema + table name) while it sends a batch; the rows themselves are taken {@code FOR UPDATE SKIP LOCKED}.
 * When a send fails, the rows acknowledged before it are still marked; the rest are retried later in id order.
 *
 * <p>Published rows are deleted after {@link OutboxProperties#retention()}.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(OutboxRelay.class);
    /** First key of the two-int advisory lock: a namespace of its own, apart from single-bigint locks. */
    private static final int LOCK_NAMESPACE = 0x0CE0;
    private static final int CLEANUP_CHUNK = 1000;

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate tx;
    private final OutboxSignal signal;
    private final OutboxProperties properties;
    private final String table;

    private volatile boolean running;
    private volatile Thread worker;
    private long nextCleanupNanos;

    public OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, String> kafka, PlatformTransactionManager transactions,
            OutboxSignal signal, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.tx = new TransactionTemplate(transactions);
        this.signal = signal;
        this.properties = properties;
        this.table = properties.table();
    }

    /** Result of one batch: rows fetched, rows marked published, and the failure that stopped it, if any. */
    record Batch(int fetched, int published, RuntimeException failure) {
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        nextCleanupNanos = System.nanoTime();
        Thread thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread thread = worker;
        worker = null;
        if (thread == null) {
            return;
        }
        signal.wake();
        try {
            // Let a batch in flight finish (its rows are marked), then interrupt whatever still waits.
            thread.join(properties.ackTimeout().toMillis() + 1000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the web server, so requests still being answered get their events relayed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void loop() {
        int failures = 0;
        while (running) {
            try {
                Batch batch;
                do {
                    batch = relayBatch();
                    if (batch.failure() != null) {
                        throw batch.failure();
                    }
                } while (running && batch.fetched() == properties.batchSize());
                if (failures > 0) {
                    log.info("Outbox relay (" + table + ") recovered after " + failures + " failed attempt(s)");
                    failures = 0;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // One warning per failure streak (Kafka down would otherwise log every poll).
                if (failures++ == 0) {
                    log.warn("Outbox relay (" + table + ") could not publish; retrying every "
                            + properties.pollInterval() + ": " + e);
                } else {
                    if (log.isDebugEnabled()) {
                        log.debug("Outbox relay (" + table + ") still failing: " + e);
                    }
                }
            }
            cleanUpIfDue();
            try {
                signal.await(properties.pollInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one batch of unpublished rows in id order and marks those Kafka acknowledged. */
    Batch relayBatch() {
        Batch batch = tx.execute(status -> {
            // Waits while another instance's relay sends a batch of this table; bounded by lock_timeout.
            jdbc.sql("select set_config('lock_timeout', ?, true)")
                    .param(properties.lockTimeout().toMillis() + "ms").query(String.class).single();
            jdbc.sql("select pg_advisory_xact_lock(?, hashtext(current_schema() || '.' || ?))")
                    .params(LOCK_NAMESPACE, table).query((rs, n) -> 1).list();
            List<Row> rows = jdbc.sql("select id, topic, message_key, payload from " + table
                    + " where published_at is null order by id limit ? for update skip locked")
                    .param(properties.batchSize())
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .list();
            if (rows.isEmpty()) {
                return new Batch(0, 0, null);
            }
            List<Long> acknowledged = new ArrayList<>(rows.size());
            RuntimeException failure = send(rows, acknowledged);
            if (!acknowledged.isEmpty()) {
                jdbc.sql("update " + table + " set published_at = now() where id in (:ids)")
                        .param("ids", acknowledged).update();
            }
            return new Batch(rows.size(), acknowledged.size(), failure);
        });
        return batch == null ? new Batch(0, 0, null) : batch;
    }

    /**
     * Sends all rows, then waits for the acknowledgements in order (the idempotent producer keeps the order of a
     * partition, and one wait per batch is much faster than one per record). Stops at the first failure.
     */
    private RuntimeException send(List<Row> rows, List<Long> acknowledged) {
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        RuntimeException failure = null;
        for (Row row : rows) {
            try {
                acks.add(kafka.send(row.topic(), row.key(), row.payload()));
            } catch (RuntimeException e) {
                failure = new IllegalStateException("Kafka refused outbox row " + row.id(), e);
                break;
            }
        }
        long deadline = System.nanoTime() + properties.ackTimeout().toNanos();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(rows.get(i).id());
            } catch (ExecutionException | TimeoutException e) {
                return new IllegalStateException("Kafka did not acknowledge outbox row " + rows.get(i).id(),
                        e instanceof ExecutionException ? e.getCause() : e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
        return failure;
    }

    private void cleanUpIfDue() {
        if (System.nanoTime() - nextCleanupNanos < 0) {
            return;
        }
        nextCleanupNanos = System.nanoTime() + properties.cleanupInterval().toNanos();
        try {
            int deleted = deletePublishedBefore(properties.retention());
            if (deleted > 0 && log.isDebugEnabled()) {
                log.debug("Outbox relay (" + table + ") deleted " + deleted + " published row(s) past retention");
            }
        } catch (RuntimeException e) {
            log.warn("Outbox clean-up (" + table + ") failed: " + e);
        }
    }

    /** Deletes rows published more than {@code age} ago, in chunks so no transaction grows large. */
    int deletePublishedBefore(Duration age) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("delete from " + table + " where id in (select id from " + table
                    + " where published_at < now() - make_interval(secs => ?) order by published_at limit ?)")
                    .params((double) age.toMillis() / 1000.0, CLEANUP_CHUNK).update();
            total += deleted;
        } while (deleted == CLEANUP_CHUNK && running);
        return total;
    }

    private record Row(long id, String topic, String key, String payload) {
    }
}
