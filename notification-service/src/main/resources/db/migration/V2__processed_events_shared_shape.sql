-- processed_events takes the shape every consumer of the platform uses (platform-common's ProcessedEvents):
-- the event id and when it was processed. The type was never read.
ALTER TABLE processed_events DROP COLUMN event_type;
ALTER TABLE processed_events ALTER COLUMN processed_at SET DEFAULT now();
