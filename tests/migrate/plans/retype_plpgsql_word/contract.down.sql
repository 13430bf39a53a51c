
ALTER TABLE things RENAME COLUMN found TO found_svcgen_2;

ALTER TABLE things ADD COLUMN found integer;

UPDATE things SET found = found_svcgen_2::integer;

ALTER TABLE things ALTER COLUMN found SET NOT NULL;

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
