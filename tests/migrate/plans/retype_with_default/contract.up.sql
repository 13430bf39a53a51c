
DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things DROP COLUMN closes;

ALTER TABLE things ALTER COLUMN closing SET DEFAULT '17:00:00';

ALTER TABLE things DROP COLUMN opens;

ALTER TABLE things RENAME COLUMN opens_svcgen_2 TO opens;

ALTER TABLE things ALTER COLUMN opens SET DEFAULT '09:00:00';

ALTER TABLE things DROP COLUMN count;

ALTER TABLE things RENAME COLUMN count_svcgen_2 TO count;

ALTER TABLE things ALTER COLUMN count SET DEFAULT 7;
