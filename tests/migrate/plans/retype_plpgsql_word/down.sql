-- file: no transaction
-- file: in a transaction

DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things DROP COLUMN found_svcgen_2;
