-- file: in a transaction

ALTER TABLE things ADD COLUMN other_id bigint;

-- FOREIGN_KEY_ADDED: foreign key things_other_id_fkey is validated against existing rows: rows pointing nowhere make it fail
ALTER TABLE things ADD CONSTRAINT things_other_id_fkey FOREIGN KEY (other_id) REFERENCES others (id) ON DELETE RESTRICT NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_other_id_fkey;
-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS things_other_id_idx;

CREATE INDEX CONCURRENTLY things_other_id_idx ON things (other_id);
