-- The recording running in each meeting now (issue 14), from recording-service's recording.events:
-- the join answer carries it with its notice. No person in it: ids, kind, notice text, time.
CREATE TABLE meeting_recording (
    meeting_id    uuid          PRIMARY KEY,
    recording_id  uuid          NOT NULL,
    kind          varchar(8)    NOT NULL,
    notice        varchar(500)  NOT NULL,
    started_at    timestamptz   NOT NULL
);
