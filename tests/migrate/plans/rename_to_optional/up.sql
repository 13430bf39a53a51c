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

-- Backfills 1 column(s) in batches, one transaction each, so that only row locks are held.
DO $$
DECLARE
  done bigint;
BEGIN
  LOOP
    UPDATE things SET level = COALESCE(level, label::text) WHERE id IN (SELECT id FROM things WHERE (level IS NULL AND label IS NOT NULL) LIMIT 5000);
    GET DIAGNOSTICS done = ROW_COUNT;
    EXIT WHEN done = 0;
    COMMIT;
  END LOOP;
END
$$;

ALTER TABLE things VALIDATE CONSTRAINT things_level_check;
