package io.containerengine.notifications.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.common.crypto.SecretBox;
import io.containerengine.notifications.email.Emails;
import io.containerengine.notifications.work.DueWorkLoop;
import io.containerengine.notifications.work.RetrySchedule;
import reactor.core.scheduler.Schedulers;

/**
 * Runs due deliveries: claims them (SKIP LOCKED, so each runs on one instance), signs and POSTs them concurrently
 * up to {@code max-in-flight}, records the outcome and schedules the retry. An endpoint failing
 * {@code disable-after-failures} attempts in a row is disabled, its pending deliveries given up and its owner
 * e-mailed.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookSender sender;
    private final SecretBox secretBox;
    private final Emails emails;
    private final TransactionTemplate transactions;
    private final WebhookProperties properties;
    private final RetrySchedule schedule;
    private final Semaphore inFlight;
    private final DueWorkLoop loop;

    DeliveryWorker(WebhookDeliveries deliveries, WebhookEndpoints endpoints, WebhookSender sender,
            SecretBox secretBox, Emails emails, TransactionTemplate transactions, WebhookProperties properties) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.sender = sender;
        this.secretBox = secretBox;
        this.emails = emails;
        this.transactions = transactions;
        this.properties = properties;
        this.schedule = properties.retrySchedule();
        this.inFlight = new Semaphore(properties.maxInFlight());
        this.loop = new DueWorkLoop("webhook-deliveries", properties.pollInterval(), this::pass);
    }

    public void wake() {
        loop.wake();
    }

    private Duration pass() {
        int free = inFlight.availablePermits();
        if (free == 0) {
            return null; // a finishing attempt wakes the loop
        }
        List<WebhookDeliveries.Due> due = transactions.execute(
                tx -> deliveries.claim(free, Instant.now(), properties.claimLease()));
        for (WebhookDeliveries.Due delivery : due) {
            inFlight.acquireUninterruptibly();
            attempt(delivery);
        }
        if (due.size() == free) {
            return Duration.ZERO;
        }
        return deliveries.nextDue().map(next -> Duration.between(Instant.now(), next))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait).orElse(null);
    }

    private void attempt(WebhookDeliveries.Due delivery) {
        Map<String, String> headers;
        try {
            headers = headers(delivery);
        } catch (RuntimeException e) {
            // e.g. the secret no longer decrypts (SECRETS_KEY changed): a failure like any other, logged once here.
            log.error("Delivery {}: cannot sign: {}", delivery.id(), e.toString());
            finish(delivery, WebhookSender.Result.failed("cannot sign the delivery"));
            return;
        }
        boolean userSupplied = delivery.endpointId() != null;
        sender.post(delivery.url(), userSupplied, headers, delivery.payload())
                .publishOn(Schedulers.boundedElastic()) // the outcome is written with blocking JDBC
                .subscribe(result -> finish(delivery, result),
                        error -> finish(delivery, WebhookSender.Result.failed(WebhookSender.describe(error))));
    }

    private Map<String, String> headers(WebhookDeliveries.Due delivery) {
        long timestamp = Instant.now().getEpochSecond();
        String id = delivery.id().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.HEADER_ID, id);
        headers.put(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestamp));
        String secret = delivery.endpointId() != null ? secretBox.decrypt(delivery.secretCiphertext())
                : properties.globalSecret();
        if (secret != null) {
            headers.put(WebhookSignature.HEADER_SIGNATURE,
                    WebhookSignature.sign(WebhookSignature.keyOf(secret), id, timestamp, delivery.payload()));
        }
        return headers;
    }

    private void finish(WebhookDeliveries.Due delivery, WebhookSender.Result result) {
        try {
            record(delivery, result);
        } catch (RuntimeException e) {
            // Not recorded: the claim's lease runs out and the delivery is attempted again (at least once).
            log.error("Delivery {}: outcome not recorded, it will be retried after its lease", delivery.id(), e);
        } finally {
            inFlight.release();
            loop.wake();
        }
    }

    private void record(WebhookDeliveries.Due delivery, WebhookSender.Result result) {
        Instant now = Instant.now();
        if (result.success()) {
            transactions.executeWithoutResult(tx -> {
                deliveries.recordSuccess(delivery.id(), result.statusCode(), now);
                if (delivery.endpointId() != null) {
                    endpoints.recordSuccess(delivery.endpointId());
                }
            });
            log.debug("Delivery {} succeeded ({}) on attempt {}", delivery.id(), result.statusCode(),
                    delivery.attempts());
            return;
        }
        String error = result.error() != null ? result.error() : "HTTP " + result.statusCode();
        Duration delay = schedule.delayAfter(delivery.attempts());
        Instant next = delay == null ? null : now.plus(delay);
        boolean disabled = Boolean.TRUE.equals(transactions.execute(tx -> {
            deliveries.recordFailure(delivery.id(), result.statusCode(), error, next);
            return delivery.endpointId() != null && disableIfFailing(delivery, now);
        }));
        if (disabled) {
            return;
        }
        if (next == null) {
            // No URL in logs: receivers' URLs often embed their own secrets.
            log.warn("Delivery {} (endpoint {}) given up after {} attempts: {}", delivery.id(),
                    delivery.endpointId() == null ? "global" : delivery.endpointId(), delivery.attempts(), error);
        } else {
            log.info("Delivery {} attempt {} failed ({}), next at {}", delivery.id(), delivery.attempts(), error,
                    next);
        }
    }

    /** Counts the failure on the endpoint; at the threshold disables it, gives up its queue and mails the owner. */
    private boolean disableIfFailing(WebhookDeliveries.Due delivery, Instant now) {
        Optional<WebhookEndpoints.Disabled> disabled = endpoints.recordFailure(delivery.endpointId(),
                properties.disableAfterFailures(), now);
        disabled.ifPresent(endpoint -> {
            int given = deliveries.failPending(endpoint.id(), "endpoint disabled after "
                    + endpoint.consecutiveFailures() + " consecutive failures");
            log.warn("Webhook {} of user {} disabled after {} consecutive failures ({} pending deliveries given up)",
                    endpoint.id(), endpoint.userId(), endpoint.consecutiveFailures(), given);
            emails.webhookDisabled(endpoint.id(), endpoint.userId(), endpoint.url(), endpoint.consecutiveFailures(),
                    now);
        });
        return disabled.isPresent();
    }

    @Override
    public void start() {
        loop.start();
    }

    /** Stops claiming, then lets running attempts record their outcome (bounded by the attempt timeout). */
    @Override
    public void stop() {
        loop.stop();
        long waitMillis = properties.attemptTimeout().plusSeconds(2).toMillis();
        try {
            if (inFlight.tryAcquire(properties.maxInFlight(), waitMillis, TimeUnit.MILLISECONDS)) {
                inFlight.release(properties.maxInFlight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
