-- file: in a transaction

ALTER TABLE things DROP COLUMN c;
