-- Privacy-policy versions published by privacy-service (policy-published.v1), kept here as a read
-- model: the current version is the latest effective one that requires acceptance (PRV-2).
CREATE TABLE policy_version (
    version               varchar(32) PRIMARY KEY,
    effective_at          timestamptz NOT NULL,
    published_at          timestamptz NOT NULL,
    text_sha256           char(64)    NOT NULL,
    reacceptance_required boolean     NOT NULL,
    received_at           timestamptz NOT NULL
);
CREATE INDEX policy_version_effective ON policy_version (effective_at DESC, published_at DESC)
    WHERE reacceptance_required;

-- Which version the person last accepted, and when (null: registered before this was recorded,
-- which was the configured bootstrap version).
ALTER TABLE account ADD COLUMN policy_version varchar(32);
ALTER TABLE account ADD COLUMN policy_accepted_at timestamptz;
