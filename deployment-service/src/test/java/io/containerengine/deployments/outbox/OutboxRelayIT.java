package io.containerengine.deployments.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

import io.containerengine.common.outbox.OutboxProperties;
import io.containerengine.common.outbox.OutboxRelay;
import io.containerengine.common.outbox.OutboxSignal;
import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.DeploymentStatusChanged;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventJson;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.Topics;
import io.containerengine.deployments.IntegrationTestSupport;

/**
 * The service's events go through platform-common's outbox (its relay is the auto-configured one): woken by the
 * commit, sent again after a crash, and in commit order per deployment.
 */
class OutboxRelayIT extends IntegrationTestSupport {

    @Autowired
    OutboxRelay relay;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void theSharedOutboxRelayIsTheOnlyOneAndRuns() {
        assertThat(relay.isRunning()).isTrue();
    }

    @Test
    void publishesCreateEventsRightAfterCommitKeyedByDeployment() throws Exception {
        String app = appName("outbox");
        long start = System.nanoTime();
        UUID id = createdId(user, app);

        // The fallback poll is 60 s in tests: arriving within seconds proves the after-commit wake-up.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> deploymentEvents.forKey(id).size() >= 2);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isLessThan(5_000);

        List<ConsumerRecord<String, String>> records = deploymentEvents.forKey(id);
        assertThat(records).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.DEPLOYMENT_EVENTS));
        List<EventEnvelope> events = records.stream().map(r -> EventJson.read(r.value())).toList();
        assertThat(events).extracting(EventEnvelope::type)
                .containsExactly(EventTypes.DEPLOYMENT_CREATED, EventTypes.DEPLOYMENT_STATUS_CHANGED);

        EventEnvelope created = events.get(0);
        assertThat(created.aggregateId()).isEqualTo(id);
        assertThat(created.userId()).isEqualTo(user);
        assertThat(created.version()).isEqualTo(1);
        DeploymentDesiredState desired = created.payloadAs(DeploymentDesiredState.class);
        assertThat(desired.deploymentId()).isEqualTo(id);
        assertThat(desired.generation()).isEqualTo(1);
        assertThat(desired.appName()).isEqualTo(app);
        assertThat(desired.image()).isEqualTo("nginx:1.27-alpine");
        assertThat(desired.port()).isEqualTo(80);
        assertThat(desired.replicas()).isEqualTo(1);
        assertThat(desired.host()).isEqualTo(app + ".localhost");
        assertThat(desired.url()).isEqualTo("http://" + app + ".localhost:3000");
        assertThat(desired.registryAuth()).isNull();

        DeploymentStatusChanged status = events.get(1).payloadAs(DeploymentStatusChanged.class);
        assertThat(status.status()).isEqualTo(DeploymentStatus.PENDING);
        assertThat(status.previousStatus()).isNull();
        assertThat(status.host()).isEqualTo(app + ".localhost");

        await().atMost(Duration.ofSeconds(5)).until(() -> unpublished(id) == 0);
    }

    @Test
    void sendsRowsCommittedWhileTheRelayWasNotRunningOnItsNextRun() throws Exception {
        relay.stop();
        UUID id;
        UUID orphan = UUID.randomUUID();
        try {
            // As if the process died between commit and send: committed, never sent.
            id = createdId(user, appName("offline"));
            insertUnpublishedStatusEvent(orphan);
            assertThat(unpublished(id)).isEqualTo(2);
            assertThat(unpublished(orphan)).isEqualTo(1);
        } finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(id) == 0 && unpublished(orphan) == 0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deploymentEvents.forKey(id).size() == 2 && deploymentEvents.forKey(orphan).size() == 1);
    }

    @Test
    void fallbackPollSendsRowsNobodySignalled() {
        relay.stop();
        var defaults = OutboxProperties.defaults();
        var quickPoll = new OutboxProperties(true, defaults.table(), Duration.ofMillis(200), defaults.batchSize(),
                defaults.ackTimeout(), defaults.lockTimeout(), defaults.retention(), defaults.cleanupInterval());
        var polling = new OutboxRelay(jdbc, kafka, transactions, new OutboxSignal(), quickPoll);
        try {
            polling.start();
            UUID warmUp = UUID.randomUUID();
            insertUnpublishedStatusEvent(warmUp);
            await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(warmUp) == 0);

            // Written without any wake-up: only the poll can find it.
            UUID silent = UUID.randomUUID();
            insertUnpublishedStatusEvent(silent);
            await().atMost(Duration.ofSeconds(5)).until(() -> unpublished(silent) == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> deploymentEvents.forKey(silent).size() == 1);
        } finally {
            polling.stop();
            relay.start();
        }
    }

    @Test
    void sendsTheEventsOfADeploymentInTheOrderTheyWereCommitted() throws Exception {
        UUID id = createdId(user, appName("order"));
        String path = "/v1/deployments/" + id;
        assertThat(put(path, user, "{\"image\":\"nginx:1.28-alpine\"}").status()).isEqualTo(200);
        assertThat(patch(path + "/scale", user, "{\"replicas\":3}").status()).isEqualTo(200);
        assertThat(post(path + "/stop", user, null).status()).isEqualTo(200);
        assertThat(post(path + "/start", user, null).status()).isEqualTo(200);
        List<UUID> committed = jdbc.sql("select payload from outbox where message_key = ? order by id")
                .param(id.toString()).query(String.class).list().stream()
                .map(p -> EventJson.read(p).eventId()).toList();
        assertThat(committed).hasSizeGreaterThanOrEqualTo(9);

        await().atMost(Duration.ofSeconds(10)).until(() -> deploymentEvents.forKey(id).size() >= committed.size());

        List<EventEnvelope> received = deploymentEvents.envelopes(id);
        assertThat(received).extracting(EventEnvelope::eventId).containsExactlyElementsOf(committed);
        assertThat(received.stream().filter(e -> !EventTypes.DEPLOYMENT_STATUS_CHANGED.equals(e.type()))
                .map(e -> e.payloadAs(DeploymentDesiredState.class).generation()).toList())
                .containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private void insertUnpublishedStatusEvent(UUID deploymentId) {
        var payload = new DeploymentStatusChanged(deploymentId, user, "orphan", "orphan.localhost",
                DeploymentStatus.PENDING, null, null, List.of(), null, 1);
        var event = EventEnvelope.of(EventTypes.DEPLOYMENT_STATUS_CHANGED, deploymentId, user, payload);
        jdbc.sql("insert into outbox (topic, message_key, payload) values (?, ?, ?)")
                .param(Topics.DEPLOYMENT_EVENTS).param(deploymentId.toString()).param(EventJson.write(event))
                .update();
    }

    private int unpublished(UUID key) {
        return jdbc.sql("select count(*) from outbox where message_key = ? and published_at is null")
                .param(key.toString()).query(Integer.class).single();
    }
}
