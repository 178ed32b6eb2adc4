-- Policy versions, the consent ledger and marketing campaigns (issue 13, PRV-2, PRV-3, PRV-4).

-- Published versions of the privacy policy: immutable once published (a changed text is a new version)
CREATE TABLE policy_version (
    version               varchar(32)  PRIMARY KEY,
    effective_at          timestamptz  NOT NULL,
    published_at          timestamptz  NOT NULL,
    text_zh               text         NOT NULL,
    summary_en            text         NOT NULL,
    -- SHA-256 (hex) of text_zh in UTF-8: what a client shows is provably what was published
    text_sha256           char(64)     NOT NULL,
    reacceptance_required boolean      NOT NULL
);
-- The current version: the latest effective one
CREATE INDEX policy_version_effective ON policy_version (effective_at, published_at);

CREATE FUNCTION policy_version_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'policy_version is immutable: publish a new version instead';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER policy_version_immutable BEFORE UPDATE OR DELETE ON policy_version
    FOR EACH ROW EXECUTE FUNCTION policy_version_immutable();

-- The consent ledger, append-only: every acceptance of a policy version (from account-service's
-- policy-accepted) and every choice a person made for one processing purpose. The current state of
-- a purpose is its latest row; history is never rewritten (a withdrawal is a new row).
CREATE TABLE consent_ledger (
    id                   bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id           uuid         NOT NULL,
    kind                 varchar(16)  NOT NULL CHECK (kind IN ('POLICY', 'PURPOSE')),
    -- PURPOSE rows: which purpose (marketing-sms, marketing-calls, analytics or a configured one)
    purpose              varchar(63),
    granted              boolean      NOT NULL,
    -- POLICY rows: the version accepted; PURPOSE rows: the version the person had accepted then
    policy_version       varchar(32),
    -- When the person made the choice
    recorded_at          timestamptz  NOT NULL,
    channel              varchar(32),
    -- Request id, session id or event id that proves the choice; never an address or a number
    evidence             varchar(200),
    -- Set once by the person's erasure: the rows are then kept only as evidence, for the hold
    erasure_requested_at timestamptz,
    CHECK ((kind = 'POLICY') = (purpose IS NULL)),
    CHECK (kind <> 'POLICY' OR policy_version IS NOT NULL)
);
CREATE INDEX consent_ledger_account ON consent_ledger (account_id, purpose, id);
-- A campaign picks the latest row per person of one purpose
CREATE INDEX consent_ledger_purpose ON consent_ledger (purpose, account_id, id);
-- The retention rule's clock (evidence held after erasure)
CREATE INDEX consent_ledger_erased ON consent_ledger (erasure_requested_at);

CREATE FUNCTION consent_ledger_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.erasure_requested_at IS NULL AND NEW.erasure_requested_at IS NOT NULL
                AND (NEW.id, NEW.account_id, NEW.kind, NEW.purpose, NEW.granted, NEW.policy_version,
                     NEW.recorded_at, NEW.channel, NEW.evidence)
                IS NOT DISTINCT FROM (OLD.id, OLD.account_id, OLD.kind, OLD.purpose, OLD.granted,
                     OLD.policy_version, OLD.recorded_at, OLD.channel, OLD.evidence) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'consent_ledger is append-only: only the erasure mark may be set, once';
    END IF;
    IF OLD.erasure_requested_at IS NOT NULL THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'consent_ledger is append-only: rows are deleted only by retention after an erasure';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER consent_ledger_append_only BEFORE UPDATE OR DELETE ON consent_ledger
    FOR EACH ROW EXECUTE FUNCTION consent_ledger_append_only();

-- Marketing campaigns (PRV-3): the text sent and how many people were asked for; no recipient list
-- (who received one is theirs to read in the ledger: they had consented at that time)
CREATE TABLE marketing_campaign (
    id           uuid         PRIMARY KEY,
    purpose      varchar(63)  NOT NULL,
    text         varchar(500) NOT NULL,
    recipients   integer      NOT NULL,
    created_at   timestamptz  NOT NULL
);
CREATE INDEX marketing_campaign_created ON marketing_campaign (created_at);
