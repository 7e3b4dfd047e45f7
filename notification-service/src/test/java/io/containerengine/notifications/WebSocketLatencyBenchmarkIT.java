package io.containerengine.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.annotation.DirtiesContext;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.Topics;
import io.containerengine.notifications.events.DeploymentEventsListener;
import io.containerengine.notifications.websocket.SessionRegistry;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark, not a pass/fail check on time: from a {@code deployment.status_changed} record handed to the Kafka
 * producer to the WebSocket frame arriving at a client, one event at a time. Writes p50/p99/max to
 * {@code bench/results/websocket-latency.json} at the repository root.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + ItSupport.IDENTITY_SECRET,
        "ce.notifications.outbound-buffer=1024"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS}, partitions = 1)
@DirtiesContext
class WebSocketLatencyBenchmarkIT {

    private static final Logger log = LoggerFactory.getLogger(WebSocketLatencyBenchmarkIT.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int WARMUP = 50;
    private static final int EVENTS = 500;

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    SessionRegistry registry;

    @Test
    void measuresEventToFrameLatency() throws Exception {
        ItSupport.cleanDatabase();
        UUID owner = UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.set(InternalIdentity.HEADER, new InternalIdentity(ItSupport.IDENTITY_SECRET).sign(owner));
        ContainerTestUtils.waitForAssignment(listeners.getListenerContainer(DeploymentEventsListener.LISTENER_ID), 1);

        try (KafkaProducer<String, String> producer = ItSupport.producer(broker.getBrokersAsString());
                TestSocket socket = TestSocket.open(URI.create("ws://127.0.0.1:" + port + "/v1/ws/notifications"),
                        headers)) {
            await().atMost(WAIT).until(() -> registry.connections(owner) == 1);
            // The per-instance consumer starts at "latest": probe until its position is set, then measure.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                send(producer, owner);
                return !socket.frames.isEmpty();
            });

            List<Long> micros = new ArrayList<>(EVENTS);
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                long sent = System.nanoTime();
                UUID deployment = send(producer, owner);
                TestSocket.Frame frame = socket.next(WAIT);
                while (!frame.text().contains(deployment.toString())) {
                    frame = socket.next(WAIT); // a late probe frame from before the measurement
                }
                if (i >= WARMUP) {
                    micros.add((frame.receivedNanos() - sent) / 1_000);
                }
            }
            Map<String, Object> result = result(micros);
            log.info("WebSocket delivery latency over {} events: {}", EVENTS, result);
            write(result);
            assertThat(micros).hasSize(EVENTS);
        }
    }

    private static UUID send(KafkaProducer<String, String> producer, UUID owner) {
        UUID deployment = UUID.randomUUID();
        EventEnvelope event = ItSupport.statusChanged(owner, deployment, DeploymentStatus.RUNNING,
                "http://bench.localhost", null);
        producer.send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, deployment.toString(), EventJson.write(event)));
        return deployment;
    }

    private static Map<String, Object> result(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int n = sorted.size();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "websocket-latency");
        result.put("description", "deployment.status_changed handed to the Kafka producer -> WebSocket text frame "
                + "received by the owner's client; one event at a time");
        result.put("setup", "in-process KRaft broker (spring-kafka-test), 1 partition, producer linger.ms=0 acks=all "
                + "idempotent; notification-service in the same JVM; reactor-netty WebSocket client on 127.0.0.1");
        result.put("events", n);
        result.put("warmup_events", WARMUP);
        result.put("p50_ms", ms(sorted.get(percentileIndex(n, 0.50))));
        result.put("p90_ms", ms(sorted.get(percentileIndex(n, 0.90))));
        result.put("p99_ms", ms(sorted.get(percentileIndex(n, 0.99))));
        result.put("max_ms", ms(sorted.get(n - 1)));
        result.put("min_ms", ms(sorted.get(0)));
        result.put("mean_ms", ms(Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0))));
        result.put("java", System.getProperty("java.version"));
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("measured_at", Instant.now().toString());
        return result;
    }

    /** Nearest-rank percentile. */
    private static int percentileIndex(int n, double p) {
        return Math.max(0, (int) Math.ceil(p * n) - 1);
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static void write(Map<String, Object> result) throws Exception {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        Path dir = Path.of(base).resolve("../bench/results").normalize();
        Files.createDirectories(dir);
        Path file = dir.resolve("websocket-latency.json");
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, json.writeValueAsString(result) + "\n");
        log.info("Benchmark written to {}", file);
    }
}
