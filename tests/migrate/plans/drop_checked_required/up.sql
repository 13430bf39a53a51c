-- file: in a transaction

ALTER TABLE things ALTER COLUMN n SET DEFAULT 1;

ALTER TABLE things ALTER COLUMN e SET DEFAULT 'x';
