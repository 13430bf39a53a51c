-- The rows the lock test (migration_lock_test.cpp) fills the before/ schema with.
INSERT INTO others (b) SELECT true FROM generate_series(1, 1000);
INSERT INTO things (a, n, e, note, other_id)
  SELECT 'a' || i, i % 100, 'x', CASE WHEN i % 2 = 0 THEN NULL ELSE 'n' END, i % 1000 + 1
  FROM generate_series(1, 1000000) AS i;
