-- file: in a transaction

ALTER TABLE owners RENAME TO persons;

ALTER TABLE persons RENAME CONSTRAINT owners_pkey TO persons_pkey;
