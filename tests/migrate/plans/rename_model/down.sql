-- file: in a transaction

DROP VIEW owners;

ALTER TABLE persons RENAME CONSTRAINT persons_pkey TO owners_pkey;

ALTER TABLE persons RENAME TO owners;
