
DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things DROP COLUMN found;

ALTER TABLE things RENAME COLUMN found_svcgen_2 TO found;
