-- Work that must happen once across all instances (webhook deliveries, e-mails) is persisted here, keyed by the
-- event that caused it, and picked by whichever instance is free (FOR UPDATE SKIP LOCKED).

-- Events of the shared consumer group already turned into work: a redelivered record is skipped.
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL
);
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);

-- This service has no users table: the e-mail address comes from user.registered (and reset requests).
CREATE TABLE user_emails (
    user_id    uuid PRIMARY KEY,
    email      text        NOT NULL,
    username   text,
    updated_at timestamptz NOT NULL
);

CREATE TABLE webhook_endpoints (
    id                   uuid PRIMARY KEY,
    user_id              uuid        NOT NULL,
    url                  text        NOT NULL,
    events               text[]      NOT NULL,
    -- whsec_ secret sealed with the platform's SecretBox (AES-GCM): needed in clear to sign, never shown again.
    secret_ciphertext    text        NOT NULL,
    enabled              boolean     NOT NULL DEFAULT true,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    disabled_at          timestamptz,
    created_at           timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id);

-- One row per (event, endpoint); endpoint_id NULL = the operator's global WEBHOOK_URL.
CREATE TABLE webhook_deliveries (
    id                 uuid PRIMARY KEY,
    endpoint_id        uuid REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    user_id            uuid,
    event_id           uuid        NOT NULL,
    event_type         text        NOT NULL,
    url                text        NOT NULL,
    payload            text        NOT NULL,
    status             text        NOT NULL, -- pending | succeeded | failed
    attempts           integer     NOT NULL DEFAULT 0,
    last_response_code integer,
    last_error         text,
    next_attempt_at    timestamptz,          -- set while pending; moved forward while an attempt runs (lease)
    created_at         timestamptz NOT NULL,
    last_attempt_at    timestamptz,
    delivered_at       timestamptz,
    CONSTRAINT webhook_deliveries_once UNIQUE NULLS NOT DISTINCT (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);
CREATE INDEX webhook_deliveries_user ON webhook_deliveries (user_id);

-- Outbox of e-mails: rendered when sent, so secrets (the reset link) stay sealed at rest.
CREATE TABLE email_outbox (
    id              uuid PRIMARY KEY,
    dedupe_key      text        NOT NULL UNIQUE,
    kind            text        NOT NULL, -- password_reset | deployment_failed | webhook_disabled
    user_id         uuid,
    recipient       text        NOT NULL,
    params          text        NOT NULL, -- JSON
    status          text        NOT NULL, -- pending | sent | failed | expired
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    not_after       timestamptz,          -- not worth sending after (reset link expiry)
    next_attempt_at timestamptz,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
