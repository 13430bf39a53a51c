-- file: in a transaction

-- SET_NOT_NULL: things.note becomes required: the migration fails while any row holds NULL there; backfill first
ALTER TABLE things ALTER COLUMN note SET NOT NULL;
