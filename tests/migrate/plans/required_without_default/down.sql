-- file: in a transaction

ALTER TABLE things ALTER COLUMN note DROP NOT NULL;

ALTER TABLE things ADD CONSTRAINT things_note_not_null CHECK (note IS NOT NULL) NOT VALID;
-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_note_not_null;
