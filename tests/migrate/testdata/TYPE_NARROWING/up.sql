-- file: in a transaction

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.a from varchar(50) to varchar(20) can fail on or alter existing values
ALTER TABLE things ALTER COLUMN a TYPE varchar(20) USING a::varchar(20);
