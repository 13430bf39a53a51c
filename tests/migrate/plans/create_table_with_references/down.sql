-- file: in a transaction

DROP INDEX IF EXISTS pets_owner_id_idx;

ALTER TABLE pets DROP CONSTRAINT pets_owner_id_fkey;

DROP TABLE pets;
