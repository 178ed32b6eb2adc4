-- Meetings (MTG-1, MTG-2) and every join and leave of every participant (MTG-2, MTG-4).
CREATE TABLE meeting (
    id              uuid         PRIMARY KEY,
    number          char(9)      NOT NULL,
    topic           varchar(200) NOT NULL,
    kind            varchar(16)  NOT NULL,
    planned_start   timestamptz,
    planned_minutes integer,
    passcode_hash   char(64),
    creator_id      uuid,
    enterprise_id   uuid,
    status          varchar(16)  NOT NULL,
    started_at      timestamptz,
    ended_at        timestamptz,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);
-- A number identifies one meeting among those not yet ended; ended numbers may come back
CREATE UNIQUE INDEX meeting_open_number ON meeting (number) WHERE status IN ('SCHEDULED', 'STARTED');
CREATE INDEX meeting_creator ON meeting (creator_id, created_at);
CREATE INDEX meeting_enterprise ON meeting (enterprise_id, created_at);

-- One row per join: a person who drops and rejoins has several sessions.
CREATE TABLE attendance_session (
    id           uuid        PRIMARY KEY,
    meeting_id   uuid        NOT NULL REFERENCES meeting (id),
    account_id   uuid,
    display_name varchar(64) NOT NULL,
    joined_at    timestamptz NOT NULL,
    left_at      timestamptz,
    leave_reason varchar(16)
);
CREATE INDEX attendance_meeting ON attendance_session (meeting_id, joined_at);
CREATE INDEX attendance_account ON attendance_session (account_id);
-- At most one open session per person and meeting
CREATE UNIQUE INDEX attendance_one_open ON attendance_session (meeting_id, account_id) WHERE left_at IS NULL;

-- LiveKit webhook deliveries already applied (redelivery changes nothing)
CREATE TABLE livekit_webhook (
    event_id    varchar(128) PRIMARY KEY,
    received_at timestamptz  NOT NULL
);
