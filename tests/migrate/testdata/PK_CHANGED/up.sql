-- file: in a transaction

-- PK_CHANGED (allowed with --allow-destructive): the primary key of things changed: the table can only be dropped and created again, losing its rows
DROP TABLE things CASCADE;

CREATE TABLE things (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  a varchar(50) NOT NULL,
  n integer NOT NULL,
  e text NOT NULL DEFAULT 'x',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT things_e_check CHECK (e IN ('x', 'y')),
  CONSTRAINT things_n_check CHECK (n >= 0 AND n <= 100),
  CONSTRAINT things_pkey PRIMARY KEY (id)
);
