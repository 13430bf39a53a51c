-- file: in a transaction

ALTER TABLE things ALTER COLUMN a TYPE varchar(50) USING a::varchar(50);
