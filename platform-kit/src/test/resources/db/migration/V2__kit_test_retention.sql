-- What the retention runner's tests purge: a network log (deleted, never before its legal minimum)
-- and profiles whose nickname is anonymised once the person has been away long enough.
CREATE TABLE kit_test_visit (
    id         uuid        PRIMARY KEY,
    subject_id varchar(64) NOT NULL,
    ip         inet        NOT NULL,
    visited_at timestamptz NOT NULL
);

CREATE TABLE kit_test_profile (
    id           uuid        PRIMARY KEY,
    subject_id   varchar(64) NOT NULL,
    nickname     varchar(64),
    last_seen_at timestamptz NOT NULL
);
