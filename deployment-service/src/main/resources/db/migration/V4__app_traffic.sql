-- Requests to each app as the gateways saw them (deployment.traffic_reported on ce.traffic-events), summed per
-- deployment and minute over every gateway instance. Kept for ce.traffic.retention (24 h) by AppTrafficPruner,
-- which also drops the minutes of deleted deployments (the row itself stays, soft-deleted; the cascade covers a
-- hard delete).
create table app_traffic_minute (
    deployment_id          uuid        not null references deployment (id) on delete cascade,
    minute                 timestamptz not null,
    requests               bigint      not null,
    status_2xx             bigint      not null,
    status_3xx             bigint      not null,
    status_4xx             bigint      not null,
    status_5xx             bigint      not null,
    latency_sum_ms         bigint      not null,
    -- requests per latency bucket, bounds AppTraffic.BOUNDS_MS (inclusive upper bounds, ms) plus one above them
    latency_bucket_counts  bigint[]    not null,
    primary key (deployment_id, minute)
);
create index app_traffic_minute_minute on app_traffic_minute (minute);

-- Traffic reports add an event id per gateway, app and flush window: the pruner now ages out old ids.
create index processed_events_processed_at on processed_events (processed_at);
