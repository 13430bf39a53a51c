-- file: no transaction
-- file: in a transaction

DROP TRIGGER svcgen_sync_things_2 ON things;

DROP FUNCTION svcgen_sync_things_2();

ALTER TABLE things ADD CONSTRAINT things_label_check CHECK (label IN ('low', 'high'));

ALTER TABLE things ALTER COLUMN label SET DEFAULT 'low';

-- This version requires label: rows a newer version wrote without one get 'low'.
UPDATE things SET label = 'low' WHERE label IS NULL;

ALTER TABLE things ALTER COLUMN label SET NOT NULL;

ALTER TABLE things DROP COLUMN level;
