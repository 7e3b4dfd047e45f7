package io.containerengine.provisioner.desired;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.EventJson;
import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.DesiredStateLookup;

/**
 * The newest desired state of each deployment (what should run after a restart) and the ids of processed events.
 * A deleted deployment keeps a tombstone row so that a late, older event cannot bring it back. Rows belong to
 * this worker's platform instance ({@code ce.provisioner.instance-id}); other instances' rows are not seen.
 */
@Repository
public class DesiredStateStore implements DesiredStateLookup {

    private final JdbcClient jdbc;
    private final String instance;

    public DesiredStateStore(JdbcClient jdbc, ProvisionerProperties properties) {
        this.jdbc = jdbc;
        this.instance = properties.instanceId();
    }

    /** Records an event id; false when it was processed before. */
    public boolean markProcessed(UUID eventId) {
        return jdbc.sql("insert into processed_events (event_id) values (:id) on conflict do nothing")
                .param("id", eventId).update() == 1;
    }

    /** Stores {@code desired} unless a newer generation is stored or the deployment was deleted; true when stored. */
    public boolean save(DeploymentDesiredState desired) {
        return jdbc.sql("""
                insert into desired_state (deployment_id, user_id, generation, deleted, state, updated_at, instance)
                values (:id, :userId, :generation, false, cast(:state as jsonb), now(), :instance)
                on conflict (deployment_id) do update
                   set user_id = excluded.user_id, generation = excluded.generation, state = excluded.state,
                       updated_at = now(), instance = excluded.instance
                 where desired_state.deleted = false and desired_state.generation <= excluded.generation
                """)
                .param("id", desired.deploymentId())
                .param("userId", desired.userId())
                .param("generation", desired.generation())
                .param("state", EventJson.mapper().writeValueAsString(desired))
                .param("instance", instance)
                .update() == 1;
    }

    public void markDeleted(UUID deploymentId, UUID userId, long generation) {
        jdbc.sql("""
                insert into desired_state (deployment_id, user_id, generation, deleted, state, updated_at, instance)
                values (:id, :userId, :generation, true, null, now(), :instance)
                on conflict (deployment_id) do update
                   set deleted = true, state = null, generation = greatest(desired_state.generation, excluded.generation),
                       updated_at = now()
                """)
                .param("id", deploymentId)
                .param("userId", userId)
                .param("generation", generation)
                .param("instance", instance)
                .update();
        jdbc.sql("delete from rollout_state where deployment_id = :id").param("id", deploymentId).update();
    }

    @Override
    public Optional<DeploymentDesiredState> find(UUID deploymentId) {
        return jdbc.sql("""
                select state::text from desired_state
                 where deployment_id = :id and deleted = false and instance = :instance
                """)
                .param("id", deploymentId)
                .param("instance", instance)
                .query(String.class)
                .optional()
                .map(DesiredStateStore::read);
    }

    public List<DeploymentDesiredState> findAllLive() {
        return jdbc.sql("select state::text from desired_state where deleted = false and instance = :instance")
                .param("instance", instance)
                .query(String.class)
                .list()
                .stream()
                .map(DesiredStateStore::read)
                .toList();
    }

    private static DeploymentDesiredState read(String json) {
        return EventJson.mapper().readValue(json, DeploymentDesiredState.class);
    }
}
