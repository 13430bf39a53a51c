-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_n_check;

-- CHECK_TIGHTENED (allowed with --allow-destructive): the CHECK on things.n becomes stricter (n >= 0 AND n <= 50): existing rows may violate it
ALTER TABLE things ADD CONSTRAINT things_n_check CHECK (n >= 0 AND n <= 50) NOT VALID;
-- file: in a transaction
-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a SHARE
-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.

ALTER TABLE things VALIDATE CONSTRAINT things_n_check;
