-- Users auth-service deactivated (from user.sessions_revoked, reason "deactivated"): their keys are revoked once
-- and no key of theirs is created or accepted again, even one that raced with the revocation.
create table deactivated_users (
    user_id        uuid primary key,
    deactivated_at timestamptz not null
);

-- Ids of the consumed events that changed something, so a redelivered event is applied once.
create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);
