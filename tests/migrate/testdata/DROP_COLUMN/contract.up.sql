
-- DROP_COLUMN (allowed with --allow-destructive): dropping column things.a deletes its values; to rename a field instead, set "renamedFrom"
ALTER TABLE things DROP COLUMN a;
