-- file: no transaction
-- file: in a transaction

DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things DROP COLUMN count_svcgen_2;

ALTER TABLE things DROP COLUMN opens_svcgen_2;

ALTER TABLE things ALTER COLUMN closes SET DEFAULT '17:00:00';

ALTER TABLE things DROP COLUMN closing;
