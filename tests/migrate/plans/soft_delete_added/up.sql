-- file: in a transaction

DROP INDEX things_a_key;

ALTER TABLE things ADD COLUMN deleted_at timestamptz;
-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_a_key;

CREATE UNIQUE INDEX CONCURRENTLY things_a_key ON things (a) WHERE deleted_at IS NULL;
