
ALTER TABLE things ALTER COLUMN count DROP DEFAULT;

ALTER TABLE things RENAME COLUMN count TO count_svcgen_2;

ALTER TABLE things ADD COLUMN count text DEFAULT '5';

UPDATE things SET count = count_svcgen_2::text;

ALTER TABLE things ALTER COLUMN count SET NOT NULL;

ALTER TABLE things ALTER COLUMN opens DROP DEFAULT;

ALTER TABLE things RENAME COLUMN opens TO opens_svcgen_2;

ALTER TABLE things ADD COLUMN opens text DEFAULT '09:00:00';

UPDATE things SET opens = opens_svcgen_2::text;

ALTER TABLE things ALTER COLUMN opens SET NOT NULL;

ALTER TABLE things ALTER COLUMN closing DROP DEFAULT;

ALTER TABLE things ADD COLUMN closes time;

UPDATE things SET closes = closing::time;

ALTER TABLE things ALTER COLUMN closes SET NOT NULL;

CREATE FUNCTION svcgen_sync_things_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.closing IS NULL THEN
      NEW.closing := NEW.closes::text;
    ELSIF NEW.closes IS NULL THEN
      NEW.closes := NEW.closing::time;
    END IF;
    IF NEW.opens_svcgen_2 IS NULL THEN
      NEW.opens_svcgen_2 := NEW.opens::time;
    ELSIF NEW.opens IS NULL THEN
      NEW.opens := NEW.opens_svcgen_2::text;
    END IF;
    IF NEW.count_svcgen_2 IS NULL THEN
      NEW.count_svcgen_2 := NEW.count::integer;
    ELSIF NEW.count IS NULL THEN
      NEW.count := NEW.count_svcgen_2::text;
    END IF;
  ELSE
    IF NEW.closing IS DISTINCT FROM OLD.closing AND NEW.closing IS DISTINCT FROM NEW.closes::text THEN
      NEW.closes := NEW.closing::time;
    ELSIF NEW.closes IS DISTINCT FROM OLD.closes AND NEW.closes IS DISTINCT FROM NEW.closing::time THEN
      NEW.closing := NEW.closes::text;
    END IF;
    IF NEW.opens_svcgen_2 IS DISTINCT FROM OLD.opens_svcgen_2 AND NEW.opens_svcgen_2 IS DISTINCT FROM NEW.opens::time THEN
      NEW.opens := NEW.opens_svcgen_2::text;
    ELSIF NEW.opens IS DISTINCT FROM OLD.opens AND NEW.opens IS DISTINCT FROM NEW.opens_svcgen_2::text THEN
      NEW.opens_svcgen_2 := NEW.opens::time;
    END IF;
    IF NEW.count_svcgen_2 IS DISTINCT FROM OLD.count_svcgen_2 AND NEW.count_svcgen_2 IS DISTINCT FROM NEW.count::integer THEN
      NEW.count := NEW.count_svcgen_2::text;
    ELSIF NEW.count IS DISTINCT FROM OLD.count AND NEW.count IS DISTINCT FROM NEW.count_svcgen_2::text THEN
      NEW.count_svcgen_2 := NEW.count::integer;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_things_2 BEFORE INSERT OR UPDATE ON things FOR EACH ROW EXECUTE FUNCTION svcgen_sync_things_2();
