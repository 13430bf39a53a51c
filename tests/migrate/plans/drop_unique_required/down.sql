-- file: in a transaction

-- Fails while rows the new version wrote have no code: the previous version requires one, and no placeholder would keep it unique or pointing at a row. Give those rows values first.
ALTER TABLE things ALTER COLUMN code SET NOT NULL;
