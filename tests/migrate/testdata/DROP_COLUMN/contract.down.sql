
-- a comes back empty: its values are not restored
ALTER TABLE things ADD COLUMN a varchar(50) NOT NULL DEFAULT '';

ALTER TABLE things ALTER COLUMN a DROP DEFAULT;

ALTER TABLE things ALTER COLUMN a SET DEFAULT '';
