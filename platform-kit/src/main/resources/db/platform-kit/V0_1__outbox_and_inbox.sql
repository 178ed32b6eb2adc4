-- platform-kit tables, present in every service database (versions 0.x run before a service's own).

-- Transactional outbox. Columns follow Debezium's outbox event router, so CDC can replace the
-- polling relay in production; `topic` is the routing field, `seq` the commit-independent order.
CREATE TABLE outbox_event (
    id                 uuid         PRIMARY KEY,
    seq                bigserial    NOT NULL,
    aggregatetype      varchar(100) NOT NULL,
    aggregateid        varchar(255) NOT NULL,
    type               varchar(255) NOT NULL,
    topic              varchar(255) NOT NULL,
    timestamp          timestamptz  NOT NULL,
    payload            jsonb        NOT NULL,
    tracingspancontext varchar(256)
);
CREATE UNIQUE INDEX outbox_event_seq ON outbox_event (seq);

-- Idempotent inbox: a consumed event's (source, id) is recorded in the transaction that applies it.
CREATE TABLE inbox_event (
    source       varchar(255) NOT NULL,
    id           varchar(255) NOT NULL,
    type         varchar(255) NOT NULL,
    topic        varchar(255) NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (source, id)
);
CREATE INDEX inbox_event_processed_at ON inbox_event (processed_at);
