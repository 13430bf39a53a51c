-- file: in a transaction

ALTER TABLE things ALTER COLUMN code DROP NOT NULL;
