
DROP INDEX things_code_key;

-- DROP_COLUMN (allowed with --allow-destructive): dropping column things.code deletes its values; to rename a field instead, set "renamedFrom"
ALTER TABLE things DROP COLUMN code;
