-- The schema each outbox row was written with, so that the relay of another version of the code (a deploy that
-- changed an event's schema while rows were waiting, a rolling deploy) reads the row with the schema that wrote it
-- and the reader's own class, as Avro resolves them. The fingerprint is Avro's parsing fingerprint (CRC-64-AVRO of
-- the canonical form); rows written before this column have none and are read with the relaying code's schema.
ALTER TABLE outbox ADD COLUMN writer_schema bigint;

-- Each writer schema's text, once (a process adds it in the transaction of its first row with that schema).
CREATE TABLE outbox_schemas (
    fingerprint bigint      PRIMARY KEY,
    schema_text text        NOT NULL,
    added_at    timestamptz NOT NULL DEFAULT now()
);

-- Rows the relay could not read (class unknown to it, writer schema missing, bytes that do not decode): moved here
-- with the reason, so that one bad row does not hold back every later event of the service. Nothing reads them
-- back automatically; an operator fixes the cause and moves them back into the outbox (docs/architecture.md).
CREATE TABLE outbox_parked (
    id            bigint      PRIMARY KEY,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    value_class   text        NOT NULL,
    payload       bytea       NOT NULL,
    traceparent   text,
    writer_schema bigint,
    created_at    timestamptz NOT NULL,
    parked_at     timestamptz NOT NULL DEFAULT now(),
    reason        text        NOT NULL
);
