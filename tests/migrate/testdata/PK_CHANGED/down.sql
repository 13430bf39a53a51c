-- file: in a transaction

DROP TABLE things CASCADE;

-- things comes back empty: its rows are not restored
CREATE TABLE things (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  a varchar(50) NOT NULL,
  n integer NOT NULL,
  e text NOT NULL DEFAULT 'x',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT things_e_check CHECK (e IN ('x', 'y')),
  CONSTRAINT things_n_check CHECK (n >= 0 AND n <= 100),
  CONSTRAINT things_pkey PRIMARY KEY (id)
);
