-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_a_key;
