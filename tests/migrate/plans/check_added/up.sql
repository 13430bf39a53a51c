-- file: in a transaction

-- CHECK_TIGHTENED (allowed with --allow-destructive): a new CHECK on existing column things.n (n >= 0 AND n <= 100) fails if existing rows violate it
ALTER TABLE things ADD CONSTRAINT things_n_check CHECK (n >= 0 AND n <= 100) NOT VALID;
-- file: in a transaction
-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a SHARE
-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.

ALTER TABLE things VALIDATE CONSTRAINT things_n_check;
