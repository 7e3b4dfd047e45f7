-- Lifecycle: what start restores, the current revision, and the runtime details the status endpoint reports.
alter table deployment
    add column restore_replicas      int         not null default 1,
    add column revision              int         not null default 1,
    add column observed_health       varchar(16),
    add column restart_count         int         not null default 0,
    add column running_since         timestamptz,
    add column last_health_check_at  timestamptz,
    add column delete_requested_at   timestamptz;

-- The app name is free again as soon as deletion starts (the row stays visible as 'deleting' until the runtime
-- confirms), so a user can redeploy under the same name right away.
drop index deployment_app_name_live;
create unique index deployment_app_name_live on deployment (app_name) where deleted_at is null and status <> 'deleting';

-- The list query (user, newest first, id as tie-break) is served by these indexes in its exact order, with and
-- without the status filter.
drop index deployment_user_created;
create index deployment_user_created on deployment (user_id, created_at desc, id) where deleted_at is null;
create index deployment_user_status_created on deployment (user_id, status, created_at desc, id)
    where deleted_at is null;

-- Immutable history of the configuration a deployment rolled out (create, update, rollback).
create table deployment_revision (
    deployment_id             uuid         not null references deployment (id),
    revision                  int          not null,
    generation                bigint       not null,
    cause                     varchar(16)  not null,
    source_revision           int,
    image                     varchar(255) not null,
    port                      int          not null,
    env_vars                  jsonb        not null,
    cpu                       varchar(32),
    memory                    varchar(32),
    hc_path                   varchar(255),
    hc_initial_delay_seconds  int,
    hc_period_seconds         int,
    hc_timeout_seconds        int,
    hc_failure_threshold      int,
    created_at                timestamptz  not null,
    primary key (deployment_id, revision)
);

insert into deployment_revision (deployment_id, revision, generation, cause, image, port, env_vars, cpu, memory,
    hc_path, hc_initial_delay_seconds, hc_period_seconds, hc_timeout_seconds, hc_failure_threshold, created_at)
select id, 1, generation, 'create', image, port, env_vars, cpu, memory, hc_path, hc_initial_delay_seconds,
    hc_period_seconds, hc_timeout_seconds, hc_failure_threshold, created_at
from deployment;

-- Custom domains; a domain belongs to one deployment platform-wide (verified or not).
create table custom_domain (
    id                  uuid         primary key,
    deployment_id       uuid         not null references deployment (id),
    user_id             uuid         not null,
    domain              varchar(253) not null,
    verification_token  varchar(64)  not null,
    status              varchar(24)  not null,
    created_at          timestamptz  not null,
    verified_at         timestamptz
);
create unique index custom_domain_domain on custom_domain (domain);
create index custom_domain_deployment on custom_domain (deployment_id, created_at);

-- Idempotency-Key of create requests: the first answer, replayed to retries of the same user for 24 h.
create table idempotency_key (
    user_id          uuid         not null,
    idempotency_key  varchar(255) not null,
    request_hash     varchar(64)  not null,
    response_status  int          not null,
    response_body    text         not null,
    created_at       timestamptz  not null,
    expires_at       timestamptz  not null,
    primary key (user_id, idempotency_key)
);
create index idempotency_key_expires on idempotency_key (expires_at);
