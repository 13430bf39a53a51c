-- file: in a transaction

ALTER TABLE things ADD COLUMN found_svcgen_2 bigint;

CREATE FUNCTION svcgen_sync_things_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.found_svcgen_2 IS NULL THEN
      NEW.found_svcgen_2 := NEW.found::bigint;
    ELSIF NEW.found IS NULL THEN
      NEW.found := NEW.found_svcgen_2::integer;
    END IF;
  ELSE
    IF NEW.found_svcgen_2 IS DISTINCT FROM OLD.found_svcgen_2 AND NEW.found_svcgen_2 IS DISTINCT FROM NEW.found::bigint THEN
      NEW.found := NEW.found_svcgen_2::integer;
    ELSIF NEW.found IS DISTINCT FROM OLD.found AND NEW.found IS DISTINCT FROM NEW.found_svcgen_2::integer THEN
      NEW.found_svcgen_2 := NEW.found::bigint;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_things_2 BEFORE INSERT OR UPDATE ON things FOR EACH ROW EXECUTE FUNCTION svcgen_sync_things_2();
-- file: no transaction
-- Fills the new columns in batches that commit one by one, then validates their
-- constraints and builds their indexes without blocking writes.

-- Copies 1 column(s) of things into their new shape.
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
      UPDATE things SET found_svcgen_2 = COALESCE(found_svcgen_2, found::bigint) WHERE ((found_svcgen_2 IS NULL AND found IS NOT NULL)) AND id >= svcgen_from;
    ELSE
      UPDATE things SET found_svcgen_2 = COALESCE(found_svcgen_2, found::bigint) WHERE ((found_svcgen_2 IS NULL AND found IS NOT NULL)) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM things WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_found_svcgen_2_not_null;

ALTER TABLE things ADD CONSTRAINT things_found_svcgen_2_not_null CHECK (found_svcgen_2 IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_found_svcgen_2_not_null;

ALTER TABLE things ALTER COLUMN found_svcgen_2 SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_found_svcgen_2_not_null;
