-- file: in a transaction

-- DROP_TABLE (allowed with --allow-destructive): model Other was removed: dropping table others deletes its rows
DROP TABLE others;
