-- Event ids already handled, so a redelivered event is not applied twice.
create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);

-- The newest desired state per deployment: what must run after a restart. Deleted deployments keep a
-- tombstone (deleted = true) so that a late older event cannot recreate them.
create table desired_state (
    deployment_id uuid primary key,
    user_id       uuid,
    generation    bigint      not null,
    deleted       boolean     not null default false,
    state         jsonb,
    updated_at    timestamptz not null default now()
);
