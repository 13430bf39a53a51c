-- file: in a transaction

ALTER TABLE things ALTER COLUMN a SET DEFAULT '';
