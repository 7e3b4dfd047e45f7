create table users (
    id            uuid primary key,
    username      varchar(32)  not null,
    -- stored trimmed and lower-cased, so a plain unique index is case-insensitive
    email         varchar(254) not null,
    password_hash varchar(255) not null,
    is_active     boolean      not null default true,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    last_login    timestamptz
);
create unique index users_username_lower_uq on users (lower(username));
create unique index users_email_uq on users (email);

-- Refresh tokens are remembered by their jti so that logout can revoke them; the token itself is not stored.
create table refresh_tokens (
    jti        uuid primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index refresh_tokens_user_idx on refresh_tokens (user_id);
