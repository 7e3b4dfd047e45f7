-- The key itself is never stored: only its SHA-256 (hex) to look it up, and its first characters to show.
create table api_keys (
    id          uuid primary key,
    user_id     uuid         not null,
    name        varchar(100) not null,
    description varchar(500),
    key_hash    char(64)     not null,
    key_prefix  varchar(12)  not null,
    created_at  timestamptz  not null,
    expires_at  timestamptz,
    last_used   timestamptz,
    revoked_at  timestamptz
);
create unique index api_keys_key_hash_uq on api_keys (key_hash);
create index api_keys_user_active_idx on api_keys (user_id, created_at desc) where revoked_at is null;
