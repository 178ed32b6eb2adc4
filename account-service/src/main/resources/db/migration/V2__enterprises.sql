-- Enterprises (ACC-3), their members (end users, ACC-4), departments (ACC-6) and admins (ACC-5).
CREATE TABLE enterprise (
    id                   uuid         PRIMARY KEY,
    name                 varchar(128) NOT NULL,
    credit_code          char(18)     NOT NULL UNIQUE,
    contact_name         varchar(64)  NOT NULL,
    contact_phone_cipher text         NOT NULL,
    contact_email        varchar(254),
    residency_region     varchar(16)  NOT NULL DEFAULT 'CN',
    created_by           uuid         NOT NULL REFERENCES account (id),
    created_at           timestamptz  NOT NULL
);

CREATE TABLE department (
    id            uuid        PRIMARY KEY,
    enterprise_id uuid        NOT NULL REFERENCES enterprise (id),
    parent_id     uuid        REFERENCES department (id),
    name          varchar(64) NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX department_enterprise ON department (enterprise_id);

-- An end user of an enterprise: only by accepting an invitation, by SSO, or as its creator.
CREATE TABLE enterprise_member (
    enterprise_id uuid         NOT NULL REFERENCES enterprise (id),
    account_id    uuid         NOT NULL REFERENCES account (id),
    department_id uuid         REFERENCES department (id),
    company_email varchar(254),
    joined_via    varchar(16)  NOT NULL,
    joined_at     timestamptz  NOT NULL,
    PRIMARY KEY (enterprise_id, account_id)
);
CREATE INDEX enterprise_member_account ON enterprise_member (account_id);

CREATE TABLE enterprise_admin (
    enterprise_id uuid        NOT NULL,
    account_id    uuid        NOT NULL,
    granted_by    uuid        NOT NULL,
    granted_at    timestamptz NOT NULL,
    PRIMARY KEY (enterprise_id, account_id),
    FOREIGN KEY (enterprise_id, account_id) REFERENCES enterprise_member (enterprise_id, account_id)
);
