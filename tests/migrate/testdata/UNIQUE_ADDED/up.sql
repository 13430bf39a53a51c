-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_a_key;

CREATE UNIQUE INDEX CONCURRENTLY things_a_key ON things (a);
