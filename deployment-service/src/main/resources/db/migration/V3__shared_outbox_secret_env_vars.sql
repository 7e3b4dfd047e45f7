-- The outbox is now platform-common's (io.containerengine.common.outbox): same columns; a record key is optional
-- there, and its retention clean-up deletes published rows by age, which this index serves.
alter table outbox alter column message_key drop not null;
create index outbox_published_at_idx on outbox (published_at) where published_at is not null;

-- Env vars marked secret: name -> SecretBox ciphertext (AES-GCM under SECRETS_KEY); the plain values are never
-- stored. Revisions keep the ciphertext so that a rollback restores them.
alter table deployment add column secret_env_vars jsonb not null default '{}'::jsonb;
alter table deployment_revision add column secret_env_vars jsonb not null default '{}'::jsonb;
