-- The network log of media connections (MTG-3), kept at least 180 days as 网络安全法 art. 21 requires,
-- then deleted by a purge job. The address is in clear for that legal purpose only. No foreign key
-- to the meeting: the log outlives meetings and their erasure. erasure_requested marks entries of a
-- person who asked for erasure: they go at the legal minimum even when the retention is longer.
CREATE TABLE connection_log (
    id                uuid         PRIMARY KEY,
    ip                inet         NOT NULL,
    connected_at      timestamptz  NOT NULL,
    meeting_id        uuid         NOT NULL,
    account_id        uuid         NOT NULL,
    region            varchar(32)  NOT NULL,
    erasure_requested boolean      NOT NULL DEFAULT false
);
CREATE INDEX connection_log_connected_at ON connection_log (connected_at);
CREATE INDEX connection_log_account ON connection_log (account_id, connected_at);
