-- An accepted delivery's log line kept its event's whole writer schema (some kB of JSON) on every row.
-- Each schema is now stored once, named by the SHA-256 of its text; lines written before keep theirs in
-- webhook_log.event_schema, and reading takes whichever the line has.
CREATE TABLE webhook_event_schemas (
    fingerprint text PRIMARY KEY,
    schema      text NOT NULL
);
ALTER TABLE webhook_log ADD COLUMN event_schema_fingerprint text;
