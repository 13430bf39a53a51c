-- file: in a transaction

ALTER TABLE things ALTER COLUMN note DROP NOT NULL;

ALTER TABLE things ADD CONSTRAINT things_note_not_null CHECK (note IS NOT NULL) NOT VALID;
-- file: no transaction

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_note_not_null;
-- file: in a transaction

ALTER TABLE things ALTER COLUMN note DROP DEFAULT;
