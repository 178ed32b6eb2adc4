-- Enterprise SSO (ACC-7): each enterprise's own OpenID Connect provider, and the identities it
-- asserted, linked to the accounts provisioned for them just in time.
CREATE TABLE sso_configuration (
    enterprise_id        uuid          PRIMARY KEY REFERENCES enterprise (id),
    issuer               varchar(512)  NOT NULL,
    client_id            varchar(255)  NOT NULL,
    -- AES-GCM by platform-kit's SensitiveFields; never returned by the API
    client_secret_cipher text          NOT NULL,
    scopes               text[]        NOT NULL,
    email_claim          varchar(64)   NOT NULL,
    name_claim           varchar(64)   NOT NULL,
    verified_domains     text[]        NOT NULL,
    updated_by           uuid          NOT NULL,
    updated_at           timestamptz   NOT NULL
);

-- One person at one enterprise's provider. The subject is kept only as a keyed hash of
-- (issuer, subject): enough to recognise the person at their next login.
CREATE TABLE sso_identity (
    enterprise_id uuid         NOT NULL REFERENCES enterprise (id),
    subject_hash  char(64)     NOT NULL,
    issuer        varchar(512) NOT NULL,
    account_id    uuid         NOT NULL REFERENCES account (id),
    email         varchar(254) NOT NULL,
    linked_at     timestamptz  NOT NULL,
    last_login_at timestamptz  NOT NULL,
    PRIMARY KEY (enterprise_id, subject_hash)
);
CREATE INDEX sso_identity_account ON sso_identity (account_id);
