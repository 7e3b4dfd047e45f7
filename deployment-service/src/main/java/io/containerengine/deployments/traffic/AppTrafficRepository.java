package io.containerengine.deployments.traffic;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code app_traffic_minute}: per deployment and minute, the traffic of every gateway added up. */
@Repository
public class AppTrafficRepository {

    /** One stored minute. */
    public record Minute(Instant minute, long requests, long status2xx, long status3xx, long status4xx,
            long status5xx, long latencySumMs, long[] buckets) {
    }

    private final JdbcClient jdbc;

    public AppTrafficRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a report to its minute (created on first use); nothing for an unknown or deleted deployment.
     * The histogram is added element-wise. Returns whether a row was written.
     */
    public boolean add(UUID deploymentId, Instant minute, long requests, long s2, long s3, long s4, long s5,
            long latencySumMs, long[] buckets) {
        return jdbc.sql("""
                insert into app_traffic_minute (deployment_id, minute, requests, status_2xx, status_3xx, status_4xx,
                    status_5xx, latency_sum_ms, latency_bucket_counts)
                select :id, :minute, :requests, :s2, :s3, :s4, :s5, :sum, cast(:buckets as bigint[])
                where exists (select 1 from deployment d where d.id = :id and d.deleted_at is null)
                on conflict (deployment_id, minute) do update set
                    requests = app_traffic_minute.requests + excluded.requests,
                    status_2xx = app_traffic_minute.status_2xx + excluded.status_2xx,
                    status_3xx = app_traffic_minute.status_3xx + excluded.status_3xx,
                    status_4xx = app_traffic_minute.status_4xx + excluded.status_4xx,
                    status_5xx = app_traffic_minute.status_5xx + excluded.status_5xx,
                    latency_sum_ms = app_traffic_minute.latency_sum_ms + excluded.latency_sum_ms,
                    latency_bucket_counts = array(
                        select coalesce(a, 0) + coalesce(b, 0)
                        from unnest(app_traffic_minute.latency_bucket_counts, excluded.latency_bucket_counts)
                            with ordinality as u(a, b, i)
                        order by i)
                """)
                .param("id", deploymentId).param("minute", Timestamp.from(minute)).param("requests", requests)
                .param("s2", s2).param("s3", s3).param("s4", s4).param("s5", s5).param("sum", latencySumMs)
                .param("buckets", arrayLiteral(buckets))
                .update() == 1;
    }

    /** The minutes of a deployment from {@code since} on, oldest first. */
    public List<Minute> since(UUID deploymentId, Instant since) {
        return jdbc.sql("""
                select minute, requests, status_2xx, status_3xx, status_4xx, status_5xx, latency_sum_ms,
                    latency_bucket_counts
                from app_traffic_minute where deployment_id = :id and minute >= :since order by minute""")
                .param("id", deploymentId).param("since", Timestamp.from(since))
                .query((rs, n) -> new Minute(rs.getTimestamp("minute").toInstant(), rs.getLong("requests"),
                        rs.getLong("status_2xx"), rs.getLong("status_3xx"), rs.getLong("status_4xx"),
                        rs.getLong("status_5xx"), rs.getLong("latency_sum_ms"), longs(rs.getArray("latency_bucket_counts"))))
                .list();
    }

    /** Requests of a deployment from {@code since} on. */
    public long requestsSince(UUID deploymentId, Instant since) {
        return jdbc.sql("select coalesce(sum(requests), 0) from app_traffic_minute where deployment_id = :id "
                + "and minute >= :since")
                .param("id", deploymentId).param("since", Timestamp.from(since)).query(Long.class).single();
    }

    /** Deletes minutes before {@code before} and every minute of a deleted deployment; returns the rows. */
    public int prune(Instant before) {
        return jdbc.sql("""
                delete from app_traffic_minute t where t.minute < :before
                    or exists (select 1 from deployment d where d.id = t.deployment_id and d.deleted_at is not null)""")
                .param("before", Timestamp.from(before)).update();
    }

    /** Forgets consumed event ids older than {@code before}. */
    public int pruneProcessedEvents(Instant before) {
        return jdbc.sql("delete from processed_events where processed_at < :before")
                .param("before", Timestamp.from(before)).update();
    }

    private static String arrayLiteral(long[] values) {
        StringBuilder out = new StringBuilder(values.length * 4).append('{');
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        return out.append('}').toString();
    }

    private static long[] longs(Array array) throws java.sql.SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] out = new long[AppTraffic.BUCKETS];
        for (int i = 0; i < Math.min(values.length, out.length); i++) {
            out[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
        }
        return out;
    }
}
