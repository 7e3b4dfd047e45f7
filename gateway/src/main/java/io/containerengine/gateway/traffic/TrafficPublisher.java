package io.containerengine.gateway.traffic;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

import io.containerengine.common.scheduling.PeriodicTask;
import io.containerengine.contracts.AppTrafficReported;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;

/**
 * Every {@code flush-interval}, and once more at shutdown, publishes the recorder's window: one
 * {@code deployment.traffic_reported} per deployment that had requests, keyed by deployment id.
 *
 * <p>Sent straight to Kafka, not through an outbox: the gateway owns no database, and metrics tolerate losing
 * one window when a gateway crashes or Kafka is down (a failed send is logged and dropped, not retried).
 * Runs on a thread of its own because a send may block while Kafka is unreachable ({@code max.block.ms}).
 */
public class TrafficPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrafficPublisher.class);

    private final TrafficRecorder recorder;
    private final KafkaTemplate<String, String> kafka;
    private final TrafficProperties properties;
    private final Clock clock;
    private final PeriodicTask timer;
    private Instant windowStart;

    public TrafficPublisher(TrafficRecorder recorder, KafkaTemplate<String, String> kafka,
            TrafficProperties properties, Clock clock) {
        this.recorder = recorder;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
        this.windowStart = clock.instant();
        this.timer = new PeriodicTask("traffic-flush", properties.flushInterval(), this::flush,
                e -> log.warn("Traffic flush failed: {}", e.toString()));
    }

    /** Publishes the window that ends now; returns the sends (completed when Kafka acknowledged or failed). */
    public synchronized List<CompletableFuture<?>> flush() {
        Instant end = clock.instant();
        List<AppTrafficReported> reports = recorder.drain(windowStart, end);
        windowStart = end;
        List<CompletableFuture<?>> sends = new ArrayList<>(reports.size());
        for (AppTrafficReported report : reports) {
            EventEnvelope envelope = EventEnvelope.of(EventTypes.DEPLOYMENT_TRAFFIC_REPORTED, report.deploymentId(),
                    null, report);
            try {
                sends.add(kafka.send(Topics.TRAFFIC_EVENTS, report.deploymentId().toString(), EventJson.write(envelope))
                        .whenComplete((result, e) -> {
                            if (e != null) {
                                log.warn("Traffic report of {} lost: {}", report.deploymentId(), e.toString());
                            }
                        }));
            } catch (RuntimeException e) {
                log.warn("Traffic report of {} lost: {}", report.deploymentId(), e.toString());
            }
        }
        return sends;
    }

    @Override
    public void start() {
        timer.start();
    }

    @Override
    public void stop() {
        if (!timer.isRunning()) {
            return;
        }
        try {
            timer.stop(properties.sendTimeout());
            // the last window: the web server has stopped (this phase is later), so no request is left out
            CompletableFuture.allOf(flush().toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Last traffic report not confirmed: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return timer.isRunning();
    }

    @Override
    public int getPhase() {
        // stops after the web server (DEFAULT_PHASE - 2048) and before the Kafka producer factory (MIN_VALUE)
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
