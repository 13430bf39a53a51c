-- file: in a transaction

ALTER TABLE things ALTER COLUMN note SET DEFAULT 'none';
-- file: no transaction
-- The backfills commit batch by batch, which a transaction cannot do: this file runs
-- statement by statement, and each statement can run again after a partial run.

-- SET_NOT_NULL: things.note becomes required: rows holding NULL there are first set to its default ('none'), in batches
-- Sets things.note to its default where it is NULL.
-- 5000 rows per transaction in primary key order: each batch commits at once, so its row locks
-- are held briefly and no long transaction holds back vacuum. COMMIT inside DO is why this file
-- runs outside a transaction. A rerun after a failure only touches the rows still to fill.
DO $svcgen$
#variable_conflict use_column
DECLARE
  svcgen_from things.id%TYPE;
  svcgen_to things.id%TYPE;
BEGIN
  SELECT id INTO svcgen_from FROM things ORDER BY id LIMIT 1;
  WHILE svcgen_from IS NOT NULL LOOP
    SELECT id INTO svcgen_to FROM things WHERE id >= svcgen_from ORDER BY id OFFSET 4999 LIMIT 1;
    IF svcgen_to IS NULL THEN
      UPDATE things SET note = DEFAULT WHERE (note IS NULL) AND id >= svcgen_from;
    ELSE
      UPDATE things SET note = DEFAULT WHERE (note IS NULL) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM things WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_note_not_null;

ALTER TABLE things ADD CONSTRAINT things_note_not_null CHECK (note IS NOT NULL) NOT VALID;
-- file: in a transaction
-- VALIDATE CONSTRAINT scans the rows in a transaction of its own, which holds only a SHARE
-- UPDATE EXCLUSIVE lock while it does: reads and writes of the table go on meanwhile.

ALTER TABLE things VALIDATE CONSTRAINT things_note_not_null;

ALTER TABLE things ALTER COLUMN note SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_note_not_null;
