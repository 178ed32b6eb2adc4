-- History and exports (MTG-4, MTG-5) select a creator's or an enterprise's meetings by the time that
-- places a meeting in a range: when it started, or was created if it never started.
CREATE INDEX meeting_creator_effective ON meeting (creator_id, (coalesce(started_at, created_at)));
CREATE INDEX meeting_enterprise_effective ON meeting (enterprise_id, (coalesce(started_at, created_at)));
