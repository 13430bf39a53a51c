-- file: in a transaction
-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_n_check;
