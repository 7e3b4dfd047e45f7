-- A session is a refresh-token family: login and register open one, every refresh rotates its token. Its id is
-- the tokens' sid claim. Revoking it kills its refresh tokens, and the gateway refuses its access tokens.
create table sessions (
    id            uuid primary key,
    user_id       uuid        not null references users (id) on delete cascade,
    created_at    timestamptz not null,
    -- expiry of the session's newest refresh token: after it the session is dead without revocation
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    revoke_reason varchar(32)
);
create index sessions_user_idx on sessions (user_id);

-- Tokens issued before sessions existed belong to none: their holders log in again.
delete from refresh_tokens;
alter table refresh_tokens drop column revoked_at;
alter table refresh_tokens add column session_id uuid not null references sessions (id) on delete cascade;
-- Set when the token was exchanged; presenting it again is reuse (a stolen token) and revokes the session.
alter table refresh_tokens add column used_at timestamptz;
create index refresh_tokens_session_idx on refresh_tokens (session_id);

-- Password reset tokens: only the SHA-256 of the e-mailed token is stored; single use, short-lived.
create table password_reset_tokens (
    token_hash char(64) primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id);

-- Transactional outbox (platform-common io.containerengine.common.outbox) for ce.identity-events.
create table outbox (
    id           bigserial    primary key,
    topic        varchar(249) not null,
    message_key  varchar(255),
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);
create index outbox_unpublished_idx on outbox (id) where published_at is null;
create index outbox_published_at_idx on outbox (published_at) where published_at is not null;
