
-- The running version still uses the old name: a view, which PostgreSQL makes updatable.
CREATE VIEW owners AS SELECT * FROM persons;
