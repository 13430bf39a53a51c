-- file: in a transaction
-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_e_check;

ALTER TABLE things ADD CONSTRAINT things_e_check CHECK (e IN ('x', 'y'));
