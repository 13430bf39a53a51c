
ALTER TABLE things RENAME COLUMN d TO d_svcgen_2;

ALTER TABLE things ADD COLUMN d numeric(10,2);

UPDATE things SET d = d_svcgen_2::numeric(10,2);

ALTER TABLE things ALTER COLUMN d SET NOT NULL;

ALTER TABLE things RENAME COLUMN i TO i_svcgen_2;

ALTER TABLE things ADD COLUMN i integer;

UPDATE things SET i = i_svcgen_2::integer;

ALTER TABLE things ALTER COLUMN i SET NOT NULL;

CREATE FUNCTION svcgen_sync_things_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.i_svcgen_2 IS NULL THEN
      NEW.i_svcgen_2 := NEW.i::bigint;
    ELSIF NEW.i IS NULL THEN
      NEW.i := NEW.i_svcgen_2::integer;
    END IF;
    IF NEW.d_svcgen_2 IS NULL THEN
      NEW.d_svcgen_2 := NEW.d::numeric(12,3);
    ELSIF NEW.d IS NULL THEN
      NEW.d := NEW.d_svcgen_2::numeric(10,2);
    END IF;
  ELSE
    IF NEW.i_svcgen_2 IS DISTINCT FROM OLD.i_svcgen_2 AND NEW.i_svcgen_2 IS DISTINCT FROM NEW.i::bigint THEN
      NEW.i := NEW.i_svcgen_2::integer;
    ELSIF NEW.i IS DISTINCT FROM OLD.i AND NEW.i IS DISTINCT FROM NEW.i_svcgen_2::integer THEN
      NEW.i_svcgen_2 := NEW.i::bigint;
    END IF;
    IF NEW.d_svcgen_2 IS DISTINCT FROM OLD.d_svcgen_2 AND NEW.d_svcgen_2 IS DISTINCT FROM NEW.d::numeric(12,3) THEN
      NEW.d := NEW.d_svcgen_2::numeric(10,2);
    ELSIF NEW.d IS DISTINCT FROM OLD.d AND NEW.d IS DISTINCT FROM NEW.d_svcgen_2::numeric(10,2) THEN
      NEW.d_svcgen_2 := NEW.d::numeric(12,3);
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_things_2 BEFORE INSERT OR UPDATE ON things FOR EACH ROW EXECUTE FUNCTION svcgen_sync_things_2();
