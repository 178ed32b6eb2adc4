-- Indexes on the clocks of the retention rules (data-map.yaml), written exactly as the rules' expressions:
-- without them each purge batch scanned its whole table.
CREATE INDEX refresh_token_expires_at ON refresh_token (expires_at);
CREATE INDEX session_ended_clock ON session ((coalesce(revoked_at, last_used_at)));
CREATE INDEX invitation_closed_clock ON invitation ((coalesce(closed_at, expires_at)));
