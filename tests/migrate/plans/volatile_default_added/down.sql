-- file: in a transaction

ALTER TABLE things ALTER COLUMN seen_at DROP NOT NULL;

ALTER TABLE things ADD CONSTRAINT things_seen_at_not_null CHECK (seen_at IS NOT NULL) NOT VALID;
-- file: no transaction

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_seen_at_not_null;
-- file: in a transaction

ALTER TABLE things DROP COLUMN seen_at;
