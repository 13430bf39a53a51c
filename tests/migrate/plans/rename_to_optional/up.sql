-- file: in a transaction

ALTER TABLE things ADD COLUMN level text;

ALTER TABLE things ALTER COLUMN label DROP NOT NULL;

ALTER TABLE things ALTER COLUMN label DROP DEFAULT;

ALTER TABLE things DROP CONSTRAINT things_label_check;

ALTER TABLE things ADD CONSTRAINT things_level_check CHECK (level IN ('low', 'high', 'top')) NOT VALID;

CREATE FUNCTION svcgen_sync_things_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.level IS NULL THEN
      NEW.level := NEW.label::text;
    ELSIF NEW.label IS NULL THEN
      NEW.label := NEW.level::text;
    END IF;
  ELSE
    IF NEW.level IS DISTINCT FROM OLD.level AND NEW.level IS DISTINCT FROM NEW.label::text THEN
      NEW.label := NEW.level::text;
    ELSIF NEW.label IS DISTINCT FROM OLD.label AND NEW.label IS DISTINCT FROM NEW.level::text THEN
      NEW.level := NEW.label::text;
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
      UPDATE things SET level = COALESCE(level, label::text) WHERE ((level IS NULL AND label IS NOT NULL)) AND id >= svcgen_from;
    ELSE
      UPDATE things SET level = COALESCE(level, label::text) WHERE ((level IS NULL AND label IS NOT NULL)) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM things WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE things VALIDATE CONSTRAINT things_level_check;
