-- Issue 12: presence is reconciled against the open sessions (read in pages by id), and LiveKit's
-- webhooks are matched to the media connection. media_sid is LiveKit's participant sid of the
-- connection a session is; livekit_webhook remembers which connection each delivery was about, so
-- a participant_joined that arrives after its participant_left opens nothing.
CREATE INDEX attendance_open ON attendance_session (id) WHERE left_at IS NULL;
ALTER TABLE attendance_session ADD COLUMN media_sid varchar(64);
CREATE UNIQUE INDEX attendance_media_sid ON attendance_session (meeting_id, media_sid) WHERE media_sid IS NOT NULL;
ALTER TABLE livekit_webhook ADD COLUMN event varchar(32);
ALTER TABLE livekit_webhook ADD COLUMN participant_sid varchar(64);
CREATE INDEX livekit_webhook_participant ON livekit_webhook (participant_sid) WHERE participant_sid IS NOT NULL;
