-- file: in a transaction

-- FOREIGN_KEY_ADDED: foreign key things_other_id_fkey is validated against existing rows: rows pointing nowhere make it fail
ALTER TABLE things ADD CONSTRAINT things_other_id_fkey FOREIGN KEY (other_id) REFERENCES others (id) ON DELETE RESTRICT NOT VALID;
-- file: in a transaction
-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a SHARE
-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.

ALTER TABLE things VALIDATE CONSTRAINT things_other_id_fkey;
-- file: no transaction
-- CREATE INDEX CONCURRENTLY cannot run inside a transaction: this file runs statement by
-- statement, and each statement can run again after a partial run.

DROP INDEX CONCURRENTLY IF EXISTS things_other_id_idx;

CREATE INDEX CONCURRENTLY things_other_id_idx ON things (other_id);
