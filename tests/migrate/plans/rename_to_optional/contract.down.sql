
ALTER TABLE things ADD COLUMN label text;

UPDATE things SET label = level::text;

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
