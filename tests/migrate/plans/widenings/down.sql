-- file: no transaction
-- file: in a transaction

DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things DROP COLUMN d_svcgen_2;

ALTER TABLE things DROP COLUMN i_svcgen_2;

ALTER TABLE things DROP CONSTRAINT things_r_check;

ALTER TABLE things DROP CONSTRAINT things_e_check;

-- This version requires s: rows a newer version wrote without one get ''.
UPDATE things SET s = '' WHERE s IS NULL;

ALTER TABLE things ALTER COLUMN s SET NOT NULL;

ALTER TABLE things ALTER COLUMN e SET DEFAULT 'x';

ALTER TABLE things ALTER COLUMN s TYPE varchar(10) USING s::varchar(10);

ALTER TABLE things ADD CONSTRAINT things_r_check CHECK (r >= 0 AND r <= 10);

ALTER TABLE things ADD CONSTRAINT things_e_check CHECK (e IN ('x', 'y'));
