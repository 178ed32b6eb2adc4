-- Department names are unique among siblings; top-level departments are siblings of each other
-- (the enterprise id stands in for their missing parent).
CREATE UNIQUE INDEX department_sibling_name ON department (enterprise_id, COALESCE(parent_id, enterprise_id), name);
CREATE INDEX department_parent ON department (parent_id);
CREATE INDEX enterprise_member_department ON enterprise_member (department_id);

-- An administrator's attestation that the people in a bulk import consented and that the imported
-- fields are necessary (ACC-6). Kept as the enterprise's evidence; the attesting admin is
-- anonymised (NULL) when their own account is erased.
CREATE TABLE member_import (
    id               uuid         PRIMARY KEY,
    enterprise_id    uuid         NOT NULL REFERENCES enterprise (id),
    attested_by      uuid         REFERENCES account (id),
    attested_at      timestamptz  NOT NULL,
    consent_obtained boolean      NOT NULL CHECK (consent_obtained),
    fields_necessary boolean      NOT NULL CHECK (fields_necessary),
    fields           text[]       NOT NULL,
    purpose          varchar(500) NOT NULL,
    row_count        integer      NOT NULL
);
CREATE INDEX member_import_enterprise ON member_import (enterprise_id);
CREATE INDEX member_import_attested_by ON member_import (attested_by);

-- An invitation to become an end user (ACC-4). Only the token's keyed hash is stored; the mobile
-- number is encrypted and found by its keyed hash. Nobody is a member until they accept.
-- answered_by is the invitee who accepted or declined; closed_at is when it stopped being pending.
CREATE TABLE invitation (
    id               uuid         PRIMARY KEY,
    enterprise_id    uuid         NOT NULL REFERENCES enterprise (id),
    token_hash       varchar(64)  NOT NULL UNIQUE,
    phone_cipher     text,
    phone_hash       varchar(64),
    email            varchar(254),
    invitee_name     varchar(64),
    department_id    uuid         REFERENCES department (id) ON DELETE SET NULL,
    invited_by       uuid         REFERENCES account (id),
    member_import_id uuid         REFERENCES member_import (id),
    status           varchar(16)  NOT NULL,
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    answered_by      uuid         REFERENCES account (id),
    closed_at        timestamptz,
    CHECK (phone_hash IS NOT NULL OR email IS NOT NULL),
    CHECK ((phone_hash IS NULL) = (phone_cipher IS NULL))
);
CREATE INDEX invitation_enterprise ON invitation (enterprise_id, status);
CREATE INDEX invitation_phone ON invitation (phone_hash);
CREATE INDEX invitation_email ON invitation (lower(email));
CREATE INDEX invitation_invited_by ON invitation (invited_by);
CREATE INDEX invitation_answered_by ON invitation (answered_by);
