package io.containerengine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import io.containerengine.contracts.AppTrafficReported;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.gateway.apps.RouteSnapshotLoader;
import io.containerengine.gateway.apps.RouteTable;
import io.containerengine.gateway.support.FakeServer;
import io.containerengine.gateway.support.GatewayItSupport;

/**
 * Real requests through the gateway's app route to a stand-in app, and the {@code deployment.traffic_reported}
 * events the gateway publishes for them (flush interval 200 ms here).
 */
class TrafficReportIT extends GatewayItSupport {

    private static final FakeServer APP = new FakeServer("traffic-app");
    private static KafkaProducer<String, String> producer;

    static {
        APP.answer(request -> {
            String uri = request.uri();
            if (uri.startsWith("/missing")) {
                return Optional.of(new FakeServer.Reply(404, "{}"));
            }
            if (uri.startsWith("/moved")) {
                return Optional.of(new FakeServer.Reply(302, "{}"));
            }
            if (uri.startsWith("/boom")) {
                return Optional.of(new FakeServer.Reply(500, "{}"));
            }
            if (uri.startsWith("/slow")) {
                try {
                    Thread.sleep(120);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.empty();
        });
    }

    @Autowired
    private EmbeddedKafkaBroker broker;
    @Autowired
    private ConcurrentMessageListenerContainer<String, String> deploymentEventsContainer;
    @Autowired
    private RouteTable routes;
    @Autowired
    private RouteSnapshotLoader routeSnapshot;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void everyProxiedRequestIsReportedPerDeploymentWithStatusClassesAndLatencyOnlyForActiveApps() throws Exception {
        UUID running = UUID.randomUUID();
        UUID unreachable = UUID.randomUUID();
        UUID stopped = UUID.randomUUID();
        UUID idle = UUID.randomUUID();
        String dead = FakeServer.deadUrl().substring("http://".length());
        route(running, "counted.localhost", DeploymentStatus.RUNNING, List.of(APP.endpoint()));
        route(unreachable, "counted-gone.localhost", DeploymentStatus.RUNNING, List.of(dead));
        route(stopped, "counted-stopped.localhost", DeploymentStatus.STOPPED, List.of());
        route(idle, "counted-idle.localhost", DeploymentStatus.RUNNING, List.of(APP.endpoint()));

        try (KafkaConsumer<String, String> consumer = consumer()) {
            for (String path : List.of("/", "/a", "/b?x=1", "/slow", "/moved", "/missing", "/boom")) {
                get("counted.localhost", path);
            }
            assertThat(get("counted-gone.localhost", "/")).isEqualTo(502);
            assertThat(get("counted-stopped.localhost", "/")).isEqualTo(503);
            assertThat(get("counted-stopped.localhost", "/")).isEqualTo(503);
            assertThat(get("nobody-counted.localhost", "/")).isEqualTo(404); // no deployment: nothing to count

            List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return total(records, running).requests() >= 7 && total(records, unreachable).requests() >= 1
                        && total(records, stopped).requests() >= 2;
            });
            // a few more windows: the counters were reset (deltas, no repeats), and the idle app sends nothing
            long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }

            AppTrafficReported app = total(records, running);
            assertThat(app.requests()).isEqualTo(7);
            assertThat(List.of(app.status2xx(), app.status3xx(), app.status4xx(), app.status5xx()))
                    .containsExactly(4L, 1L, 1L, 1L);
            assertThat(app.latencySumMs()).isGreaterThanOrEqualTo(120);
            // the slow request is above the 100 ms bound (bucket index 5 and up)
            assertThat(app.latencyBucketCounts().subList(5, 12).stream().mapToLong(Long::longValue).sum())
                    .isGreaterThanOrEqualTo(1);
            assertThat(total(records, unreachable).status5xx()).isEqualTo(1);
            assertThat(total(records, stopped).status5xx()).isEqualTo(2);
            assertThat(keys(records)).doesNotContain(idle.toString());

            for (ConsumerRecord<String, String> record : forDeployment(records, running)) {
                EventEnvelope envelope = EventJson.read(record.value());
                assertThat(envelope.type()).isEqualTo(EventTypes.DEPLOYMENT_TRAFFIC_REPORTED);
                assertThat(envelope.aggregateId()).isEqualTo(running);
                AppTrafficReported report = envelope.payloadAs(AppTrafficReported.class);
                assertThat(report.gatewayInstance()).isEqualTo("gateway-it");
                assertThat(report.requests()).isPositive();
                assertThat(report.windowEnd()).isAfter(report.windowStart());
                assertThat(report.latencyBucketBoundsMs()).hasSize(11).endsWith(10000L);
                assertThat(report.latencyBucketCounts().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(report.requests());
            }
        }
    }

    private int get(String host, String path) {
        return client().get().uri(path).header(HttpHeaders.HOST, host + ":" + port).exchange()
                .expectBody().returnResult().getStatus().value();
    }

    /** The sum of every report of one deployment so far (reports are per-window deltas). */
    private static AppTrafficReported total(List<ConsumerRecord<String, String>> records, UUID deployment) {
        long[] sums = new long[6];
        long[] buckets = new long[12];
        for (ConsumerRecord<String, String> record : forDeployment(records, deployment)) {
            AppTrafficReported r = EventJson.read(record.value()).payloadAs(AppTrafficReported.class);
            sums[0] += r.requests();
            sums[1] += r.status2xx();
            sums[2] += r.status3xx();
            sums[3] += r.status4xx();
            sums[4] += r.status5xx();
            sums[5] += r.latencySumMs();
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += r.latencyBucketCounts().get(i);
            }
        }
        return new AppTrafficReported(deployment, "sum", null, null, sums[0], sums[1], sums[2], sums[3], sums[4],
                sums[5], List.of(), java.util.Arrays.stream(buckets).boxed().toList());
    }

    private static List<ConsumerRecord<String, String>> forDeployment(List<ConsumerRecord<String, String>> records,
            UUID deployment) {
        return records.stream().filter(r -> deployment.toString().equals(r.key())).toList();
    }

    private static List<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).toList();
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "traffic-it-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.TRAFFIC_EVENTS));
        return consumer;
    }

    private void route(UUID deployment, String host, DeploymentStatus status, List<String> endpoints) {
        if (producer == null) {
            // as AppRoutingIT: a snapshot still pending would drop routes it does not list
            ContainerTestUtils.waitForAssignment(deploymentEventsContainer, 1);
            await().atMost(Duration.ofSeconds(20)).until(routeSnapshot::isUpToDate);
            producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
                    new StringSerializer());
        }
        var envelope = EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, deployment, UUID.randomUUID(),
                new DeploymentStatusChanged(deployment, UUID.randomUUID(), host.substring(0, host.indexOf('.')), host,
                        status, DeploymentStatus.DEPLOYING, "http://" + host, endpoints, null, 1, List.of()));
        producer.send(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, deployment.toString(), EventJson.write(envelope)));
        producer.flush();
        // wait on the table itself: a probing request would be counted too
        await().atMost(Duration.ofSeconds(15)).until(() -> routes.lookup(host) != null
                && routes.lookup(host).endpoints().equals(endpoints));
    }
}
