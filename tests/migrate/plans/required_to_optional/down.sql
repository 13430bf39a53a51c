-- file: in a transaction

-- Fails while rows a newer version wrote have no c: this version requires one, and no placeholder would keep it unique or pointing at a row. Give those rows values first.
ALTER TABLE things ALTER COLUMN c SET NOT NULL;

-- This version requires b: rows a newer version wrote without one get 10.
UPDATE things SET b = 10 WHERE b IS NULL;

ALTER TABLE things ALTER COLUMN b SET NOT NULL;

-- This version requires a: rows a newer version wrote without one get 15.
UPDATE things SET a = 15 WHERE a IS NULL;

ALTER TABLE things ALTER COLUMN a SET NOT NULL;
