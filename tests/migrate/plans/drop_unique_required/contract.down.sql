
-- code comes back empty: its values are not restored
ALTER TABLE things ADD COLUMN code varchar(20);

CREATE UNIQUE INDEX things_code_key ON things (code);

ALTER TABLE things ALTER COLUMN code DROP NOT NULL;
