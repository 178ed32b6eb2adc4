-- Clients' quality and diagnostic reports (MTG-6): one row per report, a kind and the typed
-- columns of that kind. Device identifiers are only ever stored as keyed hashes (HMAC-SHA256 hex).
-- Rows are purged by kind once older than the kind's retention, counted from received_at.
CREATE TABLE telemetry_record (
    id                  uuid             PRIMARY KEY,
    account_id          uuid             NOT NULL,
    kind                varchar(16)      NOT NULL
                        CHECK (kind IN ('QUALITY', 'DEVICE', 'CRASH', 'TRAFFIC', 'OPERATION')),
    received_at         timestamptz      NOT NULL,
    region              varchar(8)       NOT NULL,
    -- When the client measured, crashed, acted; for traffic the end of the period
    occurred_at         timestamptz      NOT NULL,
    meeting_id          uuid,
    -- QUALITY
    audio_volume        smallint,
    video_volume        smallint,
    packet_loss_percent double precision,
    jitter_ms           integer,
    bitrate_kbps        integer,
    -- DEVICE
    device_model        varchar(64),
    os_name             varchar(32),
    os_version          varchar(32),
    network_type        varchar(16),
    imei_hash           char(64),
    mac_hash            char(64),
    android_id_hash     char(64),
    -- CRASH (app_version also for DEVICE when sent)
    app_version         varchar(32),
    crash_signature     varchar(64),
    crash_message       varchar(500),
    -- TRAFFIC
    period_start        timestamptz,
    bytes_sent          bigint,
    bytes_received      bigint,
    -- OPERATION
    action              varchar(64),
    result              varchar(16),
    error_code          varchar(64)
);
-- The purge walks each kind from its oldest rows
CREATE INDEX telemetry_record_purge ON telemetry_record (kind, received_at);
-- Export and erasure by person
CREATE INDEX telemetry_record_account ON telemetry_record (account_id, received_at);
