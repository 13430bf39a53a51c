-- file: in a transaction

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.a from varchar(50) to varchar(20) can fail on or alter existing values
ALTER TABLE things ADD COLUMN a_svcgen_2 varchar(20);

CREATE FUNCTION svcgen_sync_things_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.a_svcgen_2 IS NULL THEN
      NEW.a_svcgen_2 := NEW.a::varchar(20);
    ELSIF NEW.a IS NULL THEN
      NEW.a := NEW.a_svcgen_2::varchar(50);
    END IF;
  ELSE
    IF NEW.a_svcgen_2 IS DISTINCT FROM OLD.a_svcgen_2 AND NEW.a_svcgen_2 IS DISTINCT FROM NEW.a::varchar(20) THEN
      NEW.a := NEW.a_svcgen_2::varchar(50);
    ELSIF NEW.a IS DISTINCT FROM OLD.a AND NEW.a IS DISTINCT FROM NEW.a_svcgen_2::varchar(50) THEN
      NEW.a_svcgen_2 := NEW.a::varchar(20);
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
    UPDATE things SET a_svcgen_2 = COALESCE(a_svcgen_2, a::varchar(20)) WHERE id IN (SELECT id FROM things WHERE (a_svcgen_2 IS NULL AND a IS NOT NULL) LIMIT 5000);
    GET DIAGNOSTICS done = ROW_COUNT;
    EXIT WHEN done = 0;
    COMMIT;
  END LOOP;
END
$$;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_a_svcgen_2_svcgen_not_null;

ALTER TABLE things ADD CONSTRAINT things_a_svcgen_2_svcgen_not_null CHECK (a_svcgen_2 IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_a_svcgen_2_svcgen_not_null;

ALTER TABLE things ALTER COLUMN a_svcgen_2 SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_a_svcgen_2_svcgen_not_null;
