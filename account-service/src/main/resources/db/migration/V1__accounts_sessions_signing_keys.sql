-- Personal accounts (ACC-1, ACC-10). Mobile numbers and birth dates are encrypted (AES-GCM by
-- platform-kit's SensitiveFields); the keyed hash finds an account by its number.
CREATE TABLE account (
    id                uuid         PRIMARY KEY,
    display_name      varchar(64)  NOT NULL,
    phone_cipher      text,
    phone_hash        char(64)     UNIQUE,
    email             varchar(254),
    email_verified    boolean      NOT NULL DEFAULT false,
    avatar_url        varchar(1024),
    status            varchar(32)  NOT NULL,
    age_bracket       varchar(16)  NOT NULL,
    birth_date_cipher text,
    residency_region  varchar(16)  NOT NULL DEFAULT 'CN',
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL
);

-- A guardian's consent for a child's account: who (their number, encrypted) and when.
CREATE TABLE guardian_consent (
    account_id            uuid        PRIMARY KEY REFERENCES account (id),
    guardian_phone_cipher text        NOT NULL,
    guardian_phone_hash   char(64)    NOT NULL,
    consented_at          timestamptz NOT NULL
);

-- Login sessions; a refresh token belongs to one, and reusing a spent one ends the session.
CREATE TABLE session (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES account (id),
    auth_method   varchar(16) NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason varchar(32)
);
CREATE INDEX session_account ON session (account_id);

CREATE TABLE refresh_token (
    token_hash char(64)    PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES session (id),
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_token_session ON refresh_token (session_id);

-- ES256 keys of the platform's tokens. NEXT is published before it signs (so verifiers already
-- know it), ACTIVE signs, RETIRED is still published until the tokens it signed have expired.
CREATE TABLE signing_key (
    kid                varchar(64) PRIMARY KEY,
    state              varchar(16) NOT NULL,
    private_key_cipher text        NOT NULL,
    public_key         text        NOT NULL,
    created_at         timestamptz NOT NULL,
    activated_at       timestamptz,
    retired_at         timestamptz
);
CREATE UNIQUE INDEX signing_key_one_active ON signing_key (state) WHERE state = 'ACTIVE';
CREATE UNIQUE INDEX signing_key_one_next ON signing_key (state) WHERE state = 'NEXT';
