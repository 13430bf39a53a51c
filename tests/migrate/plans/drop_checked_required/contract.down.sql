
-- e comes back empty: its values are not restored
ALTER TABLE things ADD COLUMN e text NOT NULL DEFAULT 'x';

ALTER TABLE things ALTER COLUMN e DROP DEFAULT;

-- n comes back empty: its values are not restored
ALTER TABLE things ADD COLUMN n integer NOT NULL DEFAULT 1;

ALTER TABLE things ALTER COLUMN n DROP DEFAULT;

ALTER TABLE things ADD CONSTRAINT things_n_check CHECK (n >= 1);

ALTER TABLE things ADD CONSTRAINT things_e_check CHECK (e IN ('x', 'y'));

ALTER TABLE things ALTER COLUMN n SET DEFAULT 1;

ALTER TABLE things ALTER COLUMN e SET DEFAULT 'x';
