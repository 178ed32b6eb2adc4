-- The marketing-sms consent of each person, as privacy-service's consent ledger announces it
-- (huiketang.privacy.consent-changed.v1): account-service checks it again right before it sends a
-- campaign SMS (PRV-3). No row: never consented (marketing is opt-in).
CREATE TABLE marketing_consent (
    account_id  uuid         PRIMARY KEY,
    granted     boolean      NOT NULL,
    changed_at  timestamptz  NOT NULL
);
