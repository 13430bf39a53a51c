-- file: in a transaction

ALTER TABLE things ALTER COLUMN opens DROP DEFAULT;

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.opens from text to time can fail on or alter existing values
ALTER TABLE things ALTER COLUMN opens TYPE time USING opens::time;

ALTER TABLE things ALTER COLUMN opens SET DEFAULT '09:00:00';

ALTER TABLE things ALTER COLUMN closes DROP DEFAULT;

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.closes from time to text can fail on or alter existing values
ALTER TABLE things ALTER COLUMN closes TYPE text USING closes::text;

ALTER TABLE things ALTER COLUMN closes SET DEFAULT '17:00:00';

ALTER TABLE things ALTER COLUMN count DROP DEFAULT;

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.count from text to integer can fail on or alter existing values
ALTER TABLE things ALTER COLUMN count TYPE integer USING count::integer;

ALTER TABLE things ALTER COLUMN count SET DEFAULT 7;
