-- file: in a transaction

ALTER TABLE owners RENAME TO persons;

ALTER TABLE persons RENAME CONSTRAINT owners_pkey TO persons_pkey;

-- The running version still uses the old name: a view, which PostgreSQL makes updatable.
CREATE VIEW owners AS SELECT * FROM persons;
