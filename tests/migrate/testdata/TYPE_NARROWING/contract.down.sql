
ALTER TABLE things RENAME COLUMN a TO a_svcgen_2;

ALTER TABLE things ADD COLUMN a varchar(50);

UPDATE things SET a = a_svcgen_2::varchar(50);

ALTER TABLE things ALTER COLUMN a SET NOT NULL;

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
