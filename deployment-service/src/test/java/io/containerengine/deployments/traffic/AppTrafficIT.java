package io.containerengine.deployments.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.containerengine.contracts.AppTrafficReported;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.deployments.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

class AppTrafficIT extends IntegrationTestSupport {

    private static final List<Long> BOUNDS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);

    @Autowired
    private AppTrafficPruner pruner;

    @Test
    void reportsOfSeveralGatewaysAddUpOnceEachAndShowInTheMetricsWithPercentiles() throws Exception {
        UUID id = createdId(user, appName("traffic"));
        PROVISIONER.metrics(id, "{\"cpu_percent\":2.5,\"memory_bytes\":1048576,\"replicas\":[]}");
        Instant now = Instant.now();
        // gateway A: 60 requests, all <= 5 ms; gateway B: 40 requests: 35 <= 50 ms, 4 <= 500 ms, 1 above 10 s
        EventEnvelope a = report(id, "gw-a", now.minusSeconds(10), now, 60, 58, 0, 2, 0, 120,
                List.of(60L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L));
        EventEnvelope b = report(id, "gw-b", now.minusSeconds(10), now, 40, 30, 5, 0, 5, 15_000,
                List.of(0L, 0L, 0L, 35L, 0L, 0L, 4L, 0L, 0L, 0L, 0L, 1L));
        publish(a);
        publish(a); // redelivered: counted once
        publish(b);

        JsonNode requests = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/v1/deployments/" + id + "/metrics", user).body().get("requests"),
                        r -> r.get("count").asLong() >= 100);
        Response metrics = get("/v1/deployments/" + id + "/metrics", user);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body().get("metrics").get("cpu_percent").asDouble()).isEqualTo(2.5); // provisioner part as is
        assertThat(metrics.body().has("metrics_error")).isFalse();
        requests = metrics.body().get("requests");
        assertThat(requests.get("count").asLong()).isEqualTo(100);
        assertThat(requests.get("window_seconds").asLong()).isEqualTo(300);
        assertThat(requests.get("per_second").asDouble()).isPositive();
        assertThat(requests.get("total_24h").asLong()).isEqualTo(100);
        JsonNode status = requests.get("status");
        assertThat(List.of(status.get("2xx").asLong(), status.get("3xx").asLong(), status.get("4xx").asLong(),
                status.get("5xx").asLong())).containsExactly(88L, 5L, 2L, 5L);
        JsonNode latency = requests.get("latency_ms");
        assertThat(latency.get("p50").asLong()).isEqualTo(5);
        assertThat(latency.get("p95").asLong()).isEqualTo(50);
        assertThat(latency.get("p99").asLong()).isEqualTo(500);
        assertThat(latency.get("mean").asDouble()).isEqualTo(151.2);

        // the stored minute really holds the element-wise sum of both histograms
        String stored = jdbc.sql("select latency_bucket_counts::text from app_traffic_minute where deployment_id = ?")
                .param(id).query(String.class).single();
        assertThat(stored).isEqualTo("{60,0,0,35,0,0,4,0,0,0,0,1}");
    }

    @Test
    void trafficOutsideTheWindowCountsOnlyInTheDayTotalAndTooOldReportsAreDropped() throws Exception {
        UUID id = createdId(user, appName("older"));
        Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS);
        publish(report(id, "gw-a", twoHoursAgo.minusSeconds(10), twoHoursAgo, 7, 7, 0, 0, 0, 7, ones(7)));
        Instant twoDaysAgo = Instant.now().minus(2, ChronoUnit.DAYS);
        publish(report(id, "gw-a", twoDaysAgo.minusSeconds(10), twoDaysAgo, 3, 3, 0, 0, 0, 3, ones(3)));
        publish(report(id, "gw-a", Instant.now().minusSeconds(5), Instant.now(), 1, 1, 0, 0, 0, 1, ones(1)));

        JsonNode requests = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/v1/deployments/" + id + "/metrics", user).body().get("requests"),
                        r -> r.get("count").asLong() >= 1);
        assertThat(requests.get("count").asLong()).isEqualTo(1);
        assertThat(requests.get("total_24h").asLong()).isEqualTo(8);
        assertThat(jdbc.sql("select count(*) from app_traffic_minute where deployment_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void metricsAreOwnerOnlyAndStillAnswerWithTheRequestPartWhenTheRuntimeCannot() throws Exception {
        UUID id = createdId(user, appName("noruntime"));

        assertThat(get("/v1/deployments/" + id + "/metrics", UUID.randomUUID()).status()).isEqualTo(404);

        // the fake provisioner has no metrics for it: it answers 503
        Response r = get("/v1/deployments/" + id + "/metrics", user);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("metrics").isNull()).isTrue();
        assertThat(r.body().get("metrics_error").asString()).isEqualTo("Metrics unavailable");
        JsonNode requests = r.body().get("requests");
        assertThat(requests.get("count").asLong()).isZero();
        assertThat(requests.get("per_second").asDouble()).isZero();
        assertThat(requests.get("total_24h").asLong()).isZero();
        assertThat(requests.get("latency_ms").get("p50").isNull()).isTrue();
        assertThat(requests.get("latency_ms").get("mean").isNull()).isTrue();
    }

    @Test
    void oldMinutesAndMinutesOfDeletedDeploymentsArePruned() throws Exception {
        UUID kept = createdId(user, appName("prune-keep"));
        UUID deleted = createdId(user, appName("prune-gone"));
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        insertMinute(kept, minute.minus(25, ChronoUnit.HOURS));
        insertMinute(kept, minute.minus(23, ChronoUnit.HOURS));
        insertMinute(deleted, minute);
        jdbc.sql("update deployment set deleted_at = now() where id = ?").param(deleted).update();

        assertThat(pruner.prune()).isGreaterThanOrEqualTo(2);

        assertThat(jdbc.sql("select minute from app_traffic_minute where deployment_id = ?").param(kept)
                .query(Timestamp.class).list()).extracting(Timestamp::toInstant)
                .containsExactly(minute.minus(23, ChronoUnit.HOURS));
        assertThat(jdbc.sql("select count(*) from app_traffic_minute where deployment_id = ?").param(deleted)
                .query(Long.class).single()).isZero();

        // reports of a deleted deployment are not stored again
        publish(report(deleted, "gw-a", Instant.now().minusSeconds(10), Instant.now(), 1, 1, 0, 0, 0, 1, ones(1)));
        UUID marker = createdId(user, appName("prune-marker"));
        publish(report(marker, "gw-a", Instant.now().minusSeconds(10), Instant.now(), 1, 1, 0, 0, 0, 1, ones(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from app_traffic_minute where deployment_id = ?").param(marker).query(Long.class)
                .single() == 1);
        assertThat(jdbc.sql("select count(*) from app_traffic_minute where deployment_id = ?").param(deleted)
                .query(Long.class).single()).isZero();
    }

    private void insertMinute(UUID id, Instant minute) {
        jdbc.sql("""
                insert into app_traffic_minute (deployment_id, minute, requests, status_2xx, status_3xx, status_4xx,
                    status_5xx, latency_sum_ms, latency_bucket_counts)
                values (?, ?, 1, 1, 0, 0, 0, 1, '{1,0,0,0,0,0,0,0,0,0,0,0}')""")
                .param(id).param(Timestamp.from(minute)).update();
    }

    private static List<Long> ones(long n) {
        return List.of(n, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
    }

    private EventEnvelope report(UUID id, String gateway, Instant start, Instant end, long requests, long s2,
            long s3, long s4, long s5, long sumMs, List<Long> buckets) {
        return EventEnvelope.of(EventTypes.DEPLOYMENT_TRAFFIC_REPORTED, id, null, new AppTrafficReported(id, gateway,
                start, end, requests, s2, s3, s4, s5, sumMs, BOUNDS, buckets));
    }

    private void publish(EventEnvelope envelope) throws Exception {
        kafka.send(Topics.TRAFFIC_EVENTS, envelope.aggregateId().toString(), EventJson.write(envelope)).get();
    }
}
