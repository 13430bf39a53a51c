-- file: in a transaction

-- others comes back empty: its rows are not restored
CREATE TABLE others (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  b boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT others_pkey PRIMARY KEY (id)
);
