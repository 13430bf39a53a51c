
ALTER TABLE things ADD COLUMN a varchar(20);

UPDATE things SET a = b::varchar(20);

ALTER TABLE things ALTER COLUMN a SET NOT NULL;

CREATE UNIQUE INDEX things_a_key ON things (a);

CREATE FUNCTION svcgen_sync_things_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.b IS NULL THEN
      NEW.b := NEW.a::varchar(30);
    ELSIF NEW.a IS NULL THEN
      NEW.a := NEW.b::varchar(20);
    END IF;
  ELSE
    IF NEW.b IS DISTINCT FROM OLD.b AND NEW.b IS DISTINCT FROM NEW.a::varchar(30) THEN
      NEW.a := NEW.b::varchar(20);
    ELSIF NEW.a IS DISTINCT FROM OLD.a AND NEW.a IS DISTINCT FROM NEW.b::varchar(20) THEN
      NEW.b := NEW.a::varchar(30);
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_things_2 BEFORE INSERT OR UPDATE ON things FOR EACH ROW EXECUTE FUNCTION svcgen_sync_things_2();
