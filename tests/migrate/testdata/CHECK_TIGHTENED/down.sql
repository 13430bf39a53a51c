-- file: in a transaction
-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_n_check;

ALTER TABLE things ADD CONSTRAINT things_n_check CHECK (n >= 0 AND n <= 100);
