
ALTER TABLE things DROP CONSTRAINT things_e_check;

ALTER TABLE things DROP CONSTRAINT things_n_check;

-- DROP_COLUMN (allowed with --allow-destructive): dropping column things.n deletes its values; to rename a field instead, set "renamedFrom"
ALTER TABLE things DROP COLUMN n;

-- DROP_COLUMN (allowed with --allow-destructive): dropping column things.e deletes its values; to rename a field instead, set "renamedFrom"
ALTER TABLE things DROP COLUMN e;
