
DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things DROP COLUMN i;

ALTER TABLE things RENAME COLUMN i_svcgen_2 TO i;

ALTER TABLE things DROP COLUMN d;

ALTER TABLE things RENAME COLUMN d_svcgen_2 TO d;
