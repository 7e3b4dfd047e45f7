-- Desired state (what the user asked for) and recorded status (what the runtime reported) of each deployment.
create table deployment (
    id                         uuid primary key,
    user_id                    uuid         not null,
    app_name                   varchar(40)  not null,
    image                      varchar(255) not null,
    port                       int          not null,
    env_vars                   jsonb        not null default '{}'::jsonb,
    replicas                   int          not null,
    cpu                        varchar(32),
    memory                     varchar(32),
    hc_path                    varchar(255),
    hc_initial_delay_seconds   int,
    hc_period_seconds          int,
    hc_timeout_seconds         int,
    hc_failure_threshold       int,
    registry_server            varchar(255),
    registry_username          varchar(255),
    -- AES-GCM ciphertext; the plain password is never stored
    registry_password_cipher   text,
    generation                 bigint       not null,
    status                     varchar(16)  not null,
    url                        text,
    endpoints                  jsonb        not null default '[]'::jsonb,
    ready_replicas             int          not null default 0,
    observed_generation        bigint,
    error_message              text,
    created_at                 timestamptz  not null,
    updated_at                 timestamptz  not null,
    deployed_at                timestamptz,
    deleted_at                 timestamptz
);

-- app_name is the host name, so it is unique platform-wide among live deployments.
create unique index deployment_app_name_live on deployment (app_name) where deleted_at is null;
create index deployment_user_created on deployment (user_id, created_at desc) where deleted_at is null;

-- Transactional outbox: written with the change, sent to Kafka by the relay.
create table outbox (
    id           bigserial primary key,
    topic        varchar(255) not null,
    message_key  varchar(255) not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;

-- Event ids of consumed events, for idempotent consumption.
create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);
