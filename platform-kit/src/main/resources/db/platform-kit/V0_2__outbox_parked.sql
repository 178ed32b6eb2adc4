-- Outbox rows Kafka refused for good (too large, invalid): moved aside by the relay so they never
-- block the rows after them. An operator inspects them here and sends one again with
-- SELECT outbox_unpark('<id>'), once whatever refused it (a size limit, a topic) is fixed.
CREATE TABLE outbox_parked (
    id                 uuid         PRIMARY KEY,
    seq                bigint       NOT NULL,
    aggregatetype      varchar(100) NOT NULL,
    aggregateid        varchar(255) NOT NULL,
    type               varchar(255) NOT NULL,
    topic              varchar(255) NOT NULL,
    timestamp          timestamptz  NOT NULL,
    payload            jsonb        NOT NULL,
    tracingspancontext varchar(256),
    reason             varchar(500) NOT NULL,
    parked_at          timestamptz  NOT NULL DEFAULT now()
);

-- Back into the outbox at the end of its aggregate's queue (a new seq): true when the row was parked
CREATE FUNCTION outbox_unpark(parked uuid) RETURNS boolean LANGUAGE sql AS $$
    WITH moved AS (DELETE FROM outbox_parked WHERE id = parked RETURNING *)
    INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, topic, timestamp, payload, tracingspancontext)
    SELECT id, aggregatetype, aggregateid, type, topic, timestamp, payload, tracingspancontext FROM moved
    RETURNING true;
$$;
