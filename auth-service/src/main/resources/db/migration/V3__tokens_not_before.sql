-- Tokens of the user issued (iat) before this instant are dead: set by a password reset or a deactivation,
-- the same value as the SessionsRevoked event and ce:user-not-before:<userId>. New tokens are issued with
-- iat >= it, so a login in the same second as the reset still works.
alter table users add column tokens_not_before timestamptz;
