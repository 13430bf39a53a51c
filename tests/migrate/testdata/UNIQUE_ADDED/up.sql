-- file: no transaction
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction: this file runs statement by
-- statement, and each statement can run again after a partial run.

DROP INDEX CONCURRENTLY IF EXISTS things_a_key;

CREATE UNIQUE INDEX CONCURRENTLY things_a_key ON things (a);
