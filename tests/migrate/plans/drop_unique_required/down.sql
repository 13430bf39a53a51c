-- file: in a transaction

-- Fails while rows a newer version wrote have no code: this version requires one, and no placeholder would keep it unique or pointing at a row. Give those rows values first.
ALTER TABLE things ALTER COLUMN code SET NOT NULL;
