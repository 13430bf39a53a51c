-- file: in a transaction

-- NOT_NULL_WITHOUT_DEFAULT (allowed with --allow-destructive): new required field c on existing table things has no default, so existing rows cannot get a value. Either give it a "default", or add it as "optional", backfill it, and make it required in a later migration
ALTER TABLE things ADD COLUMN c integer NOT NULL;
