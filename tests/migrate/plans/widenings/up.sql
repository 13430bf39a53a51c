-- file: in a transaction

ALTER TABLE things DROP CONSTRAINT things_e_check;

ALTER TABLE things DROP CONSTRAINT things_r_check;

ALTER TABLE things ALTER COLUMN i TYPE bigint USING i::bigint;

ALTER TABLE things ALTER COLUMN s TYPE text USING s::text;

ALTER TABLE things ALTER COLUMN d TYPE numeric(12,3) USING d::numeric(12,3);

ALTER TABLE things ALTER COLUMN e SET DEFAULT 'y';

ALTER TABLE things ALTER COLUMN s DROP NOT NULL;

-- Every existing row passed the narrower CHECK this one replaces, so it is not
-- validated: VALIDATE would only scan the table to find nothing.
ALTER TABLE things ADD CONSTRAINT things_e_check CHECK (e IN ('x', 'y', 'z')) NOT VALID;

-- Every existing row passed the narrower CHECK this one replaces, so it is not
-- validated: VALIDATE would only scan the table to find nothing.
ALTER TABLE things ADD CONSTRAINT things_r_check CHECK (r >= -5) NOT VALID;
