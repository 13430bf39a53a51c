-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_e_check;

-- ENUM_VALUE_REMOVED (allowed with --allow-destructive): enum values "y" of things.e were removed: rows holding them make the migration fail
ALTER TABLE things ADD CONSTRAINT things_e_check CHECK (e IN ('x')) NOT VALID;
-- file: in a transaction
-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a SHARE
-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.

ALTER TABLE things VALIDATE CONSTRAINT things_e_check;
