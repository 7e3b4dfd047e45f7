-- Transactional outbox (platform-common io.containerengine.common.outbox) for ce.apikey-events.
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
