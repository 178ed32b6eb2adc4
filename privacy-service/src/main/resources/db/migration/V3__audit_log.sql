-- The audit log (PRV-13): every read of a person's data by staff or an administrator, from
-- audit.events of every service and from privacy-service itself. Append-only and hash-chained:
-- each record's hash is SHA-256(previous record's hash || SHA-256 of its own canonical content),
-- so a changed or removed record breaks the chain (AuditChain.verify).

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) by every append, so appends from any
-- number of transactions and replicas are serialised into one gapless sequence.
CREATE TABLE audit_chain (
    id          smallint PRIMARY KEY CHECK (id = 1),
    head_seq    bigint NOT NULL,
    head_hash   char(64) NOT NULL
);
INSERT INTO audit_chain (id, head_seq, head_hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_record (
    seq           bigint PRIMARY KEY,
    -- the CloudEvent id it came from, or a fresh id for privacy-service's own records
    event_id      text NOT NULL UNIQUE,
    source        text NOT NULL,
    recorded_at   timestamptz NOT NULL,
    occurred_at   timestamptz NOT NULL,
    actor_role    text NOT NULL,
    action        text NOT NULL,
    -- The personal content: emptied (never deleted) by the retention purge; content_hash keeps the chain
    actor_id      text,
    subject_id    text,
    resource      text,
    purpose       text,
    content_hash  char(64) NOT NULL,
    prev_hash     char(64) NOT NULL,
    hash          char(64) NOT NULL
);
CREATE INDEX audit_record_subject ON audit_record (subject_id, seq);
CREATE INDEX audit_record_actor ON audit_record (actor_id, seq);
CREATE INDEX audit_record_occurred ON audit_record (occurred_at);

-- Append-only: no DELETE, no TRUNCATE, and the only UPDATE is the retention purge, which empties
-- the personal content of a record past the legal minimum (180 days) and changes nothing else.
CREATE FUNCTION audit_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_record is append-only (% refused)', TG_OP USING ERRCODE = 'raise_exception';
    END IF;
    IF NEW.seq IS DISTINCT FROM OLD.seq OR NEW.event_id IS DISTINCT FROM OLD.event_id
            OR NEW.source IS DISTINCT FROM OLD.source OR NEW.recorded_at IS DISTINCT FROM OLD.recorded_at
            OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at OR NEW.actor_role IS DISTINCT FROM OLD.actor_role
            OR NEW.action IS DISTINCT FROM OLD.action OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
            OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash OR NEW.hash IS DISTINCT FROM OLD.hash
            OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
            OR (NEW.subject_id IS NOT NULL AND NEW.subject_id IS DISTINCT FROM OLD.subject_id)
            OR (NEW.resource IS NOT NULL AND NEW.resource IS DISTINCT FROM OLD.resource)
            OR (NEW.purpose IS NOT NULL AND NEW.purpose IS DISTINCT FROM OLD.purpose) THEN
        RAISE EXCEPTION 'audit_record is append-only: only the retention purge may empty its personal content'
            USING ERRCODE = 'raise_exception';
    END IF;
    IF OLD.occurred_at > now() - interval '180 days' THEN
        RAISE EXCEPTION 'audit_record: a record is kept at least 180 days' USING ERRCODE = 'raise_exception';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_guard();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_guard();
