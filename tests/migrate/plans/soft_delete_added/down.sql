-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_a_key;
-- file: in a transaction

ALTER TABLE things DROP COLUMN deleted_at;

CREATE UNIQUE INDEX things_a_key ON things (a);
