-- Rights requests (issue 13, PRV-1): one request per person and kind, one task per data holder and stage,
-- every step of every request in an append-only trail.

-- Services that announced themselves as data holders (privacy.replies, data-holder-announced)
CREATE TABLE data_holder (
    service            varchar(64)  PRIMARY KEY,
    first_announced_at timestamptz  NOT NULL,
    last_announced_at  timestamptz  NOT NULL
);

CREATE TABLE rights_request (
    id                  uuid         PRIMARY KEY,
    subject_id          uuid         NOT NULL,
    -- ACCESS, ERASURE, CORRECTION, CONSENT_WITHDRAWAL
    kind                varchar(24)  NOT NULL,
    -- SUBJECT (opened by the person) or CANCELLATION (account-service's cancellation-requested)
    origin              varchar(16)  NOT NULL,
    -- IN_PROGRESS, VERIFYING, COMPLETED, NEEDS_ATTENTION, REJECTED
    status              varchar(24)  NOT NULL,
    -- what a CORRECTION asks for, the purpose of a CONSENT_WITHDRAWAL; written by the person
    details             text,
    opened_at           timestamptz  NOT NULL,
    due_on              date         NOT NULL,
    completed_at        timestamptz,
    resolution          text,
    archive_expires_at  timestamptz,
    archive_deleted_at  timestamptz,
    first_downloaded_at timestamptz,
    receipt_jws         text
);
CREATE INDEX rights_request_subject ON rights_request (subject_id, opened_at DESC);
CREATE INDEX rights_request_open ON rights_request (due_on) WHERE status IN ('IN_PROGRESS', 'VERIFYING', 'NEEDS_ATTENTION');
-- One erasure at a time per person: a redelivered cancellation or a second click opens nothing new
CREATE UNIQUE INDEX rights_request_one_open_erasure ON rights_request (subject_id)
    WHERE kind = 'ERASURE' AND status IN ('IN_PROGRESS', 'VERIFYING', 'NEEDS_ATTENTION');
CREATE INDEX rights_request_archive_expiry ON rights_request (archive_expires_at)
    WHERE archive_expires_at IS NOT NULL AND archive_deleted_at IS NULL;

CREATE TABLE holder_task (
    request_id    uuid         NOT NULL REFERENCES rights_request (id) ON DELETE CASCADE,
    service       varchar(64)  NOT NULL,
    -- ACCESS, ERASURE or ERASURE_CHECK (the re-query after an erasure)
    stage         varchar(16)  NOT NULL,
    -- WAITING, ANSWERED, FAILED (asked max-attempts times without an answer; operators retry)
    state         varchar(16)  NOT NULL,
    attempts      integer      NOT NULL,
    last_asked_at timestamptz  NOT NULL,
    next_ask_at   timestamptz,
    answered_at   timestamptz,
    -- the holder's answer without personal data: the slice's claim, the receipt, what remains
    answer        jsonb,
    PRIMARY KEY (request_id, service, stage)
);
CREATE INDEX holder_task_due ON holder_task (next_ask_at) WHERE state = 'WAITING';
-- The retention clock (data map rule request-record)
CREATE INDEX holder_task_asked ON holder_task (last_asked_at);

-- Who did what to a request, when (PRV-1, PRV-13); never changed
CREATE TABLE request_step (
    id         bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id uuid         NOT NULL REFERENCES rights_request (id) ON DELETE CASCADE,
    at         timestamptz  NOT NULL,
    actor      varchar(32)  NOT NULL,
    action     varchar(48)  NOT NULL,
    detail     text
);
CREATE INDEX request_step_request ON request_step (request_id, id);
CREATE INDEX request_step_at ON request_step (at);

-- The ES256 keys that sign erasure receipts; the private key encrypted with the field key
CREATE TABLE receipt_signing_key (
    kid                varchar(64)  PRIMARY KEY,
    created_at         timestamptz  NOT NULL,
    private_key_cipher text         NOT NULL,
    public_jwk         text         NOT NULL
);
