-- The analytics consent of each person who withdrew or gave it, as privacy-service's consent ledger
-- announces it (huiketang.privacy.consent-changed.v1). No row: the accepted policy's default
-- (analytics on, withdrawable: 6.3). While withdrawn, OPERATION telemetry of the person is not stored.
CREATE TABLE analytics_consent (
    account_id  uuid         PRIMARY KEY,
    granted     boolean      NOT NULL,
    changed_at  timestamptz  NOT NULL
);
