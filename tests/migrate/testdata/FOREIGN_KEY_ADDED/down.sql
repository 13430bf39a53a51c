-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_other_id_idx;
-- file: in a transaction
-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_other_id_fkey;

ALTER TABLE things DROP COLUMN other_id;
