package io.containerengine.provisioner.desired;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.containerengine.contracts.DeploymentDesiredState;
import io.containerengine.contracts.EventJson;
import io.containerengine.provisioner.runtime.RolloutRecord;
import io.containerengine.provisioner.runtime.RolloutRecords;

/** {@link RolloutRecords} in table {@code rollout_state}; the row goes with the deployment's deletion. */
@Repository
class RolloutStore implements RolloutRecords {

    private final JdbcClient jdbc;

    RolloutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public RolloutRecord load(UUID deploymentId) {
        return jdbc.sql("""
                select serving_state::text, failed_generation, failure_message, restart_count
                  from rollout_state where deployment_id = :id
                """)
                .param("id", deploymentId)
                .query((rs, n) -> new RolloutRecord(
                        rs.getString(1) == null ? null
                                : EventJson.mapper().readValue(rs.getString(1), DeploymentDesiredState.class),
                        rs.getLong(2), rs.getString(3), rs.getInt(4)))
                .optional()
                .orElse(RolloutRecord.NONE);
    }

    @Override
    public void save(UUID deploymentId, RolloutRecord record) {
        jdbc.sql("""
                insert into rollout_state (deployment_id, serving_state, failed_generation, failure_message,
                                           restart_count, updated_at)
                values (:id, cast(:serving as jsonb), :failed, :message, :restarts, now())
                on conflict (deployment_id) do update
                   set serving_state = excluded.serving_state, failed_generation = excluded.failed_generation,
                       failure_message = excluded.failure_message, restart_count = excluded.restart_count,
                       updated_at = now()
                """)
                .param("id", deploymentId)
                .param("serving", record.serving() == null ? null
                        : EventJson.mapper().writeValueAsString(record.serving()))
                .param("failed", record.failedGeneration())
                .param("message", record.failureMessage())
                .param("restarts", record.restartCount())
                .update();
    }
}
