-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_b_check;

ALTER TABLE things ALTER COLUMN b TYPE varchar(20) USING b::varchar(20);

ALTER TABLE things ADD CONSTRAINT things_b_check CHECK (char_length(b) >= 2);

ALTER INDEX things_b_key RENAME TO things_a_key;

ALTER TABLE things RENAME CONSTRAINT things_b_check TO things_a_check;

ALTER TABLE things RENAME COLUMN b TO a;
