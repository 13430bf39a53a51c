-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_b_key;
-- file: in a transaction

DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things ADD CONSTRAINT things_a_check CHECK (char_length(a) >= 2);

ALTER TABLE things DROP COLUMN b;
