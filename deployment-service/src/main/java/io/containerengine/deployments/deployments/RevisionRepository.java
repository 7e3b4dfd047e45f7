package io.containerengine.deployments.deployments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;

/** SQL access to {@code deployment_revision}; rows are only ever inserted. */
@Repository
public class RevisionRepository {

    private final JdbcClient jdbc;

    public RevisionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Revision r) {
        HealthCheck hc = r.healthCheck();
        jdbc.sql("""
                insert into deployment_revision (deployment_id, revision, generation, cause, source_revision, image,
                    port, env_vars, secret_env_vars, cpu, memory, hc_path, hc_initial_delay_seconds, hc_period_seconds,
                    hc_timeout_seconds, hc_failure_threshold, created_at)
                values (:deploymentId, :revision, :generation, :cause, :sourceRevision, :image, :port,
                    cast(:envVars as jsonb), cast(:secretEnvVars as jsonb), :cpu, :memory, :hcPath, :hcInitial, :hcPeriod, :hcTimeout, :hcFailure,
                    :createdAt)
                """)
                .param("deploymentId", r.deploymentId())
                .param("revision", r.revision())
                .param("generation", r.generation())
                .param("cause", r.cause())
                .param("sourceRevision", r.sourceRevision())
                .param("image", r.image())
                .param("port", r.port())
                .param("envVars", DeploymentRepository.JSON.writeValueAsString(r.envVars()))
                .param("secretEnvVars", DeploymentRepository.JSON.writeValueAsString(r.secretEnvVarsCiphertext()))
                .param("cpu", r.resources() == null ? null : r.resources().cpu())
                .param("memory", r.resources() == null ? null : r.resources().memory())
                .param("hcPath", hc == null ? null : hc.path())
                .param("hcInitial", hc == null ? null : hc.initialDelaySeconds())
                .param("hcPeriod", hc == null ? null : hc.periodSeconds())
                .param("hcTimeout", hc == null ? null : hc.timeoutSeconds())
                .param("hcFailure", hc == null ? null : hc.failureThreshold())
                .param("createdAt", Timestamp.from(r.createdAt()))
                .update();
    }

    /** Newest first. */
    public List<Revision> findAll(UUID deploymentId) {
        return jdbc.sql("select * from deployment_revision where deployment_id = ? order by revision desc")
                .param(deploymentId).query(RevisionRepository::map).list();
    }

    public Optional<Revision> find(UUID deploymentId, int revision) {
        return jdbc.sql("select * from deployment_revision where deployment_id = ? and revision = ?")
                .param(deploymentId).param(revision).query(RevisionRepository::map).optional();
    }

    public int latest(UUID deploymentId) {
        return jdbc.sql("select coalesce(max(revision), 0) from deployment_revision where deployment_id = ?")
                .param(deploymentId).query(Integer.class).single();
    }

    private static Revision map(ResultSet rs, int row) throws SQLException {
        String hcPath = rs.getString("hc_path");
        HealthCheck hc = hcPath == null ? null : new HealthCheck(hcPath, rs.getInt("hc_initial_delay_seconds"),
                rs.getInt("hc_period_seconds"), rs.getInt("hc_timeout_seconds"), rs.getInt("hc_failure_threshold"));
        int source = rs.getInt("source_revision");
        Integer sourceRevision = rs.wasNull() ? null : source;
        return new Revision(
                rs.getObject("deployment_id", UUID.class),
                rs.getInt("revision"),
                rs.getLong("generation"),
                rs.getString("cause"),
                sourceRevision,
                rs.getString("image"),
                rs.getInt("port"),
                DeploymentRepository.JSON.readValue(rs.getString("env_vars"), DeploymentRepository.STRING_MAP),
                DeploymentRepository.JSON.readValue(rs.getString("secret_env_vars"), DeploymentRepository.STRING_MAP),
                new Resources(rs.getString("cpu"), rs.getString("memory")),
                hc,
                DeploymentRepository.instant(rs, "created_at"));
    }
}
