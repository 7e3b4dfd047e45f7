-- The platform instance a desired state belongs to (ce.provisioner.instance-id): reconciliation of one instance
-- never re-creates or removes what another instance sharing the database and the engine runs.
alter table desired_state add column instance text not null default 'default';
create index desired_state_live_by_instance on desired_state (instance) where deleted = false;

-- What a runtime must remember beyond the desired state: the desired state that serves (kept while a newer one
-- rolls out, and after one was rolled back), the generation that was rolled back and why, and restarts counted.
create table rollout_state (
    deployment_id     uuid primary key,
    serving_state     jsonb,
    failed_generation bigint      not null default 0,
    failure_message   text,
    restart_count     integer     not null default 0,
    updated_at        timestamptz not null default now()
);
