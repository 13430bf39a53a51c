-- file: in a transaction

ALTER TABLE things ALTER COLUMN note DROP NOT NULL;
