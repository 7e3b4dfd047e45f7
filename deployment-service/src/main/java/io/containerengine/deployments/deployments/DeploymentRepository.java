package io.containerengine.deployments.deployments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;
import io.containerengine.contracts.DeploymentDesiredState.Resources;
import io.containerengine.contracts.DeploymentStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL access to {@code deployment}; deleted rows are invisible to every finder. */
@Repository
public class DeploymentRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public DeploymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Deployment d) {
        HealthCheck hc = d.healthCheck();
        jdbc.sql("""
                insert into deployment (id, user_id, app_name, image, port, env_vars, replicas, cpu, memory,
                    hc_path, hc_initial_delay_seconds, hc_period_seconds, hc_timeout_seconds, hc_failure_threshold,
                    registry_server, registry_username, registry_password_cipher, generation, status, url,
                    endpoints, ready_replicas, error_message, created_at, updated_at)
                values (:id, :userId, :appName, :image, :port, cast(:envVars as jsonb), :replicas, :cpu, :memory,
                    :hcPath, :hcInitial, :hcPeriod, :hcTimeout, :hcFailure,
                    :registryServer, :registryUsername, :registryPassword, :generation, :status, :url,
                    cast(:endpoints as jsonb), :readyReplicas, :errorMessage, :createdAt, :updatedAt)
                """)
                .param("id", d.id())
                .param("userId", d.userId())
                .param("appName", d.appName())
                .param("image", d.image())
                .param("port", d.port())
                .param("envVars", JSON.writeValueAsString(d.envVars()))
                .param("replicas", d.replicas())
                .param("cpu", d.resources() == null ? null : d.resources().cpu())
                .param("memory", d.resources() == null ? null : d.resources().memory())
                .param("hcPath", hc == null ? null : hc.path())
                .param("hcInitial", hc == null ? null : hc.initialDelaySeconds())
                .param("hcPeriod", hc == null ? null : hc.periodSeconds())
                .param("hcTimeout", hc == null ? null : hc.timeoutSeconds())
                .param("hcFailure", hc == null ? null : hc.failureThreshold())
                .param("registryServer", d.registryServer())
                .param("registryUsername", d.registryUsername())
                .param("registryPassword", d.registryPasswordCipher())
                .param("generation", d.generation())
                .param("status", d.status().value())
                .param("url", d.url())
                .param("endpoints", JSON.writeValueAsString(d.endpoints()))
                .param("readyReplicas", d.readyReplicas())
                .param("errorMessage", d.errorMessage())
                .param("createdAt", Timestamp.from(d.createdAt()))
                .param("updatedAt", Timestamp.from(d.updatedAt()))
                .update();
    }

    public boolean existsLiveAppName(String appName) {
        return jdbc.sql("select exists(select 1 from deployment where app_name = ? and deleted_at is null)")
                .param(appName).query(Boolean.class).single();
    }

    public Optional<Deployment> findOwned(UUID id, UUID userId) {
        return jdbc.sql("select * from deployment where id = ? and user_id = ? and deleted_at is null")
                .param(id).param(userId).query(MAPPER).optional();
    }

    /** The live row, locked until the end of the transaction so that concurrent updates are serialised. */
    public Optional<Deployment> findForUpdate(UUID id) {
        return jdbc.sql("select * from deployment where id = ? and deleted_at is null for update")
                .param(id).query(MAPPER).optional();
    }

    public List<Deployment> findPage(UUID userId, DeploymentStatus status, int limit, long offset) {
        return jdbc.sql("""
                select * from deployment
                where user_id = :userId and deleted_at is null and (cast(:status as varchar) is null or status = :status)
                order by created_at desc, id
                limit :limit offset :offset
                """)
                .param("userId", userId)
                .param("status", status == null ? null : status.value())
                .param("limit", limit)
                .param("offset", offset)
                .query(MAPPER).list();
    }

    public long count(UUID userId, DeploymentStatus status) {
        return jdbc.sql("""
                select count(*) from deployment
                where user_id = :userId and deleted_at is null and (cast(:status as varchar) is null or status = :status)
                """)
                .param("userId", userId)
                .param("status", status == null ? null : status.value())
                .query(Long.class).single();
    }

    /** Live deployments that run and have somewhere to route to (the gateway's route table). */
    public List<Deployment> findRoutable() {
        return jdbc.sql("""
                select * from deployment
                where deleted_at is null and status = 'running' and jsonb_array_length(endpoints) > 0
                order by app_name
                """).query(MAPPER).list();
    }

    /** Writes the observed part of a row. */
    public void updateObserved(UUID id, DeploymentStatus status, String url, List<String> endpoints,
            int readyReplicas, long observedGeneration, String errorMessage, Instant deployedAt, Instant now) {
        jdbc.sql("""
                update deployment set status = :status, url = :url, endpoints = cast(:endpoints as jsonb),
                    ready_replicas = :ready, observed_generation = :observedGeneration,
                    error_message = :errorMessage, deployed_at = :deployedAt, updated_at = :now
                where id = :id
                """)
                .param("id", id)
                .param("status", status.value())
                .param("url", url)
                .param("endpoints", JSON.writeValueAsString(endpoints))
                .param("ready", readyReplicas)
                .param("observedGeneration", observedGeneration)
                .param("errorMessage", errorMessage)
                .param("deployedAt", deployedAt == null ? null : Timestamp.from(deployedAt))
                .param("now", Timestamp.from(now))
                .update();
    }

    private static final RowMapper<Deployment> MAPPER = DeploymentRepository::map;

    private static Deployment map(ResultSet rs, int row) throws SQLException {
        String hcPath = rs.getString("hc_path");
        HealthCheck hc = hcPath == null ? null : new HealthCheck(hcPath, rs.getInt("hc_initial_delay_seconds"),
                rs.getInt("hc_period_seconds"), rs.getInt("hc_timeout_seconds"), rs.getInt("hc_failure_threshold"));
        long observed = rs.getLong("observed_generation");
        Long observedGeneration = rs.wasNull() ? null : observed;
        return new Deployment(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("app_name"),
                rs.getString("image"),
                rs.getInt("port"),
                JSON.readValue(rs.getString("env_vars"), STRING_MAP),
                rs.getInt("replicas"),
                new Resources(rs.getString("cpu"), rs.getString("memory")),
                hc,
                rs.getString("registry_server"),
                rs.getString("registry_username"),
                rs.getString("registry_password_cipher"),
                rs.getLong("generation"),
                DeploymentStatus.of(rs.getString("status")),
                rs.getString("url"),
                JSON.readValue(rs.getString("endpoints"), STRING_LIST),
                rs.getInt("ready_replicas"),
                observedGeneration,
                rs.getString("error_message"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "deployed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
