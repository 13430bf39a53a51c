-- file: in a transaction

-- SET_NOT_NULL: things.note becomes required and has no default: the migration fails while any row holds NULL there. Give the field a "default", or backfill it before the migration runs
ALTER TABLE things ADD CONSTRAINT things_note_not_null CHECK (note IS NOT NULL) NOT VALID;
-- file: in a transaction
-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a SHARE
-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.

ALTER TABLE things VALIDATE CONSTRAINT things_note_not_null;

ALTER TABLE things ALTER COLUMN note SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_note_not_null;
