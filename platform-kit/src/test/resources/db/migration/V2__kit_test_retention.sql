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

-- The retention rules' clocks are indexed, as DataMapAssertions requires of every service
CREATE INDEX kit_test_visit_visited_at ON kit_test_visit (visited_at);
CREATE INDEX kit_test_profile_last_seen_at ON kit_test_profile (last_seen_at);
