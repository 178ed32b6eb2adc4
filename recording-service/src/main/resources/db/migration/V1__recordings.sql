-- recording-service (issue 14). The local read model of meeting.events: which meetings exist, who
-- created them (and their enterprise), which are ongoing, and who is present (one row per
-- attendance session, as meeting-service announces them).
CREATE TABLE meeting_copy (
    meeting_id     uuid         PRIMARY KEY,
    number         varchar(9)   NOT NULL,
    creator_id     uuid,
    enterprise_id  uuid,
    status         varchar(16)  NOT NULL,
    started_at     timestamptz,
    ended_at       timestamptz
);
CREATE INDEX meeting_copy_number ON meeting_copy (number) WHERE status = 'STARTED';

CREATE TABLE meeting_presence (
    session_id  uuid         PRIMARY KEY,
    meeting_id  uuid         NOT NULL,
    account_id  uuid         NOT NULL,
    host        boolean      NOT NULL,
    joined_at   timestamptz  NOT NULL,
    left_at     timestamptz
);
CREATE INDEX meeting_presence_present ON meeting_presence (meeting_id) WHERE left_at IS NULL;
CREATE INDEX meeting_presence_account ON meeting_presence (account_id);

-- A cloud or local recording of one meeting (REC-1..3); one running per meeting at a time. A cloud
-- recording's file lands with the egress (object key, size, duration); the owner is the meeting's
-- creator, in whose cloud space (and quota) it is kept.
CREATE TABLE recording (
    id             uuid          PRIMARY KEY,
    meeting_id     uuid          NOT NULL,
    kind           varchar(8)    NOT NULL,
    owner_id       uuid,
    enterprise_id  uuid,
    started_by     uuid,
    status         varchar(16)   NOT NULL,
    started_at     timestamptz   NOT NULL,
    stopped_at     timestamptz,
    stop_reason    varchar(16),
    notice         varchar(500)  NOT NULL,
    egress_id      varchar(100),
    object_key     varchar(512),
    size_bytes     bigint,
    duration_ms    bigint,
    landed_at      timestamptz,
    trashed_at     timestamptz
);
CREATE UNIQUE INDEX recording_running ON recording (meeting_id) WHERE status = 'RUNNING';
CREATE INDEX recording_owner ON recording (owner_id, started_at DESC);
CREATE INDEX recording_trash ON recording (trashed_at) WHERE trashed_at IS NOT NULL;

-- Evidence of the notice (REC-1): one entry per attendance session notified of a recording, with
-- the channel, the participant's answer and when they left afterwards.
CREATE TABLE recording_notice (
    id            uuid         PRIMARY KEY,
    recording_id  uuid         NOT NULL REFERENCES recording (id) ON DELETE CASCADE,
    session_id    uuid         NOT NULL,
    account_id    uuid         NOT NULL,
    channel       varchar(16)  NOT NULL,
    notified_at   timestamptz  NOT NULL,
    answer        varchar(16),
    answered_at   timestamptz,
    left_at       timestamptz,
    UNIQUE (recording_id, session_id)
);
CREATE INDEX recording_notice_account ON recording_notice (account_id);
CREATE INDEX recording_notice_session ON recording_notice (session_id);

-- Cloud space used per owner, kept exactly: changed in the transaction that lands, trashes, restores
-- or purges a file (one UPDATE ... SET used_bytes = used_bytes + delta).
CREATE TABLE storage_usage (
    owner_id    uuid    PRIMARY KEY,
    used_bytes  bigint  NOT NULL CHECK (used_bytes >= 0)
);

-- Each download link handed out (REC-3: each download recorded).
CREATE TABLE recording_download (
    id             uuid         PRIMARY KEY,
    recording_id   uuid         NOT NULL REFERENCES recording (id) ON DELETE CASCADE,
    account_id     uuid         NOT NULL,
    requested_at   timestamptz  NOT NULL
);
CREATE INDEX recording_download_account ON recording_download (account_id);

-- LiveKit egress webhook deliveries already applied: a replay is refused and changes nothing.
CREATE TABLE egress_webhook (
    event_id     varchar(100)  PRIMARY KEY,
    received_at  timestamptz   NOT NULL,
    event        varchar(40)   NOT NULL
);
CREATE INDEX egress_webhook_received ON egress_webhook (received_at);
