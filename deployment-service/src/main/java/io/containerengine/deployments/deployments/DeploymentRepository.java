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

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
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
                insert into deployment (id, user_id, app_name, image, port, env_vars, secret_env_vars, replicas,
                    cpu, memory,
                    hc_path, hc_initial_delay_seconds, hc_period_seconds, hc_timeout_seconds, hc_failure_threshold,
                    registry_server, registry_username, registry_password_cipher, generation, status, url,
                    endpoints, ready_replicas, error_message, created_at, updated_at, restore_replicas, revision)
                values (:id, :userId, :appName, :image, :port, cast(:envVars as jsonb),
                    cast(:secretEnvVars as jsonb), :replicas, :cpu, :memory,
                    :hcPath, :hcInitial, :hcPeriod, :hcTimeout, :hcFailure,
                    :registryServer, :registryUsername, :registryPassword, :generation, :status, :url,
                    cast(:endpoints as jsonb), :readyReplicas, :errorMessage, :createdAt, :updatedAt,
                    :restoreReplicas, :revision)
                """)
                .param("id", d.id())
                .param("userId", d.userId())
                .param("appName", d.appName())
                .param("image", d.image())
                .param("port", d.port())
                .param("envVars", JSON.writeValueAsString(d.envVars()))
                .param("secretEnvVars", JSON.writeValueAsString(d.secretEnvVarsCiphertext()))
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
                .param("restoreReplicas", d.restoreReplicas())
                .param("revision", d.revision())
                .update();
    }

    /** Whether a live deployment (neither deleted nor being deleted) holds the app name. */
    public boolean existsLiveAppName(String appName) {
        return jdbc.sql("""
                select exists(select 1 from deployment
                              where app_name = ? and deleted_at is null and status <> 'deleting')
                """).param(appName).query(Boolean.class).single();
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

    /** The caller's live row, locked like {@link #findForUpdate}. */
    public Optional<Deployment> findOwnedForUpdate(UUID id, UUID userId) {
        return jdbc.sql("select * from deployment where id = ? and user_id = ? and deleted_at is null for update")
                .param(id).param(userId).query(MAPPER).optional();
    }

    /**
     * One page of a user's deployments, newest first. Two statements rather than one with an optional filter, so
     * that each gets a plan of its own; both walk {@code deployment_user_created} in its order.
     */
    public List<Deployment> findPage(UUID userId, DeploymentStatus status, int limit, long offset) {
        return jdbc.sql(pageSql(status != null))
                .params(pageParams(userId, status, limit, offset))
                .query(MAPPER).list();
    }

    /** The list statement, for EXPLAIN in the benchmark. */
    static String pageSql(boolean withStatus) {
        return "select * from deployment where user_id = :userId and deleted_at is null"
                + (withStatus ? " and status = :status" : "")
                + " order by created_at desc, id limit :limit offset :offset";
    }

    static Map<String, Object> pageParams(UUID userId, DeploymentStatus status, int limit, long offset) {
        return status == null
                ? Map.of("userId", userId, "limit", limit, "offset", offset)
                : Map.of("userId", userId, "status", status.value(), "limit", limit, "offset", offset);
    }

    /** Serialises a user's creates until the transaction ends (a transaction-scoped advisory lock on the user id). */
    public void lockUser(UUID userId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:userId, 0))").param("userId", userId.toString())
                .query((rs, row) -> 1).single();
    }

    public long count(UUID userId, DeploymentStatus status) {
        String sql = "select count(*) from deployment where user_id = :userId and deleted_at is null"
                + (status == null ? "" : " and status = :status");
        return jdbc.sql(sql).params(status == null ? Map.of("userId", userId)
                : Map.of("userId", userId, "status", status.value())).query(Long.class).single();
    }

    /**
     * Live deployments that serve and have somewhere to route to (the gateway's route table); which statuses serve
     * is {@link io.containerengine.contracts.DeploymentStatus#routable()} (an updating deployment still serves from
     * its previous replicas until the new ones are ready).
     */
    public List<Deployment> findRoutable() {
        return jdbc.sql("""
                select * from deployment
                where deleted_at is null and jsonb_array_length(endpoints) > 0
                order by app_name
                """).query(MAPPER).list().stream().filter(d -> d.status().routable()).toList();
    }

    /**
     * A new desired configuration (update, rollback): new generation and revision. The secret env vars are given
     * as ciphertext ({@link DeploymentSpec#secretEnvVars()} holds plain values, or nothing when unchanged).
     */
    public void updateRollout(UUID id, DeploymentSpec spec, Map<String, String> secretEnvVarsCiphertext,
            String registryServer, String registryUsername,
            String registryPasswordCipher, int replicas, int restoreReplicas, long generation, int revision,
            DeploymentStatus status, Instant now) {
        HealthCheck hc = spec.healthCheck();
        jdbc.sql("""
                update deployment set image = :image, port = :port, env_vars = cast(:envVars as jsonb),
                    secret_env_vars = cast(:secretEnvVars as jsonb),
                    replicas = :replicas, restore_replicas = :restoreReplicas, cpu = :cpu, memory = :memory,
                    hc_path = :hcPath, hc_initial_delay_seconds = :hcInitial, hc_period_seconds = :hcPeriod,
                    hc_timeout_seconds = :hcTimeout, hc_failure_threshold = :hcFailure,
                    registry_server = :registryServer, registry_username = :registryUsername,
                    registry_password_cipher = :registryPassword, generation = :generation, revision = :revision,
                    status = :status, error_message = null, updated_at = :now,
                    endpoints = case when :status = 'stopped' then '[]'::jsonb else endpoints end
                where id = :id
                """)
                .param("id", id)
                .param("image", spec.image())
                .param("port", spec.port())
                .param("envVars", JSON.writeValueAsString(spec.envVars()))
                .param("secretEnvVars", JSON.writeValueAsString(secretEnvVarsCiphertext))
                .param("replicas", replicas)
                .param("restoreReplicas", restoreReplicas)
                .param("cpu", spec.resources() == null ? null : spec.resources().cpu())
                .param("memory", spec.resources() == null ? null : spec.resources().memory())
                .param("hcPath", hc == null ? null : hc.path())
                .param("hcInitial", hc == null ? null : hc.initialDelaySeconds())
                .param("hcPeriod", hc == null ? null : hc.periodSeconds())
                .param("hcTimeout", hc == null ? null : hc.timeoutSeconds())
                .param("hcFailure", hc == null ? null : hc.failureThreshold())
                .param("registryServer", registryServer)
                .param("registryUsername", registryUsername)
                .param("registryPassword", registryPasswordCipher)
                .param("generation", generation)
                .param("revision", revision)
                .param("status", status.value())
                .param("now", Timestamp.from(now))
                .update();
    }

    /** A new replica count (scale, stop, start): new generation, same revision. Stopped rows route nowhere. */
    public void updateReplicas(UUID id, int replicas, int restoreReplicas, long generation, DeploymentStatus status,
            String errorMessage, Instant now) {
        jdbc.sql("""
                update deployment set replicas = :replicas, restore_replicas = :restoreReplicas,
                    generation = :generation, status = :status, error_message = :errorMessage, updated_at = :now,
                    endpoints = case when :status = 'stopped' then '[]'::jsonb else endpoints end
                where id = :id
                """)
                .param("id", id)
                .param("replicas", replicas)
                .param("restoreReplicas", restoreReplicas)
                .param("generation", generation)
                .param("status", status.value())
                .param("errorMessage", errorMessage)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Only the generation moves (custom domains changed): same configuration, status and revision. */
    public void bumpGeneration(UUID id, long generation, Instant now) {
        jdbc.sql("update deployment set generation = :generation, updated_at = :now where id = :id")
                .param("id", id).param("generation", generation).param("now", Timestamp.from(now)).update();
    }

    /** Deletion started: nothing routes to it any more and its app name is free. */
    public void markDeleting(UUID id, long generation, Instant now) {
        jdbc.sql("""
                update deployment set status = 'deleting', generation = :generation, endpoints = '[]'::jsonb,
                    delete_requested_at = :now, updated_at = :now
                where id = :id
                """)
                .param("id", id).param("generation", generation).param("now", Timestamp.from(now)).update();
    }

    /** The runtime confirmed the deletion: the row becomes invisible (soft delete). */
    public void markDeleted(UUID id, Instant now) {
        jdbc.sql("update deployment set deleted_at = :now, updated_at = :now where id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** What the runtime observed of the current generation, as recorded. */
    public record Observation(DeploymentStatus status, String url, List<String> endpoints, int readyReplicas,
            long observedGeneration, String errorMessage, Instant deployedAt, String health, int restartCount,
            Instant runningSince, Instant lastHealthCheckAt) {
    }

    /** Writes the observed part of a row. */
    public void updateObserved(UUID id, Observation o, Instant now) {
        jdbc.sql("""
                update deployment set status = :status, url = :url, endpoints = cast(:endpoints as jsonb),
                    ready_replicas = :ready, observed_generation = :observedGeneration,
                    error_message = :errorMessage, deployed_at = :deployedAt, observed_health = :health,
                    restart_count = :restartCount, running_since = :runningSince,
                    last_health_check_at = :lastHealthCheckAt, updated_at = :now
                where id = :id
                """)
                .param("id", id)
                .param("status", o.status().value())
                .param("url", o.url())
                .param("endpoints", JSON.writeValueAsString(o.endpoints()))
                .param("ready", o.readyReplicas())
                .param("observedGeneration", o.observedGeneration())
                .param("errorMessage", o.errorMessage())
                .param("deployedAt", timestamp(o.deployedAt()))
                .param("health", o.health())
                .param("restartCount", o.restartCount())
                .param("runningSince", timestamp(o.runningSince()))
                .param("lastHealthCheckAt", timestamp(o.lastHealthCheckAt()))
                .param("now", Timestamp.from(now))
                .update();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
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
                JSON.readValue(rs.getString("secret_env_vars"), STRING_MAP),
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
                instant(rs, "deployed_at"),
                rs.getInt("restore_replicas"),
                rs.getInt("revision"),
                rs.getString("observed_health"),
                rs.getInt("restart_count"),
                instant(rs, "running_since"),
                instant(rs, "last_health_check_at"),
                instant(rs, "delete_requested_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
