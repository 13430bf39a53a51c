-- file: in a transaction

ALTER TABLE things ADD COLUMN b varchar(30);

ALTER TABLE things DROP CONSTRAINT things_a_check;

ALTER TABLE things ADD CONSTRAINT things_b_check CHECK (char_length(b) >= 1) NOT VALID;

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
-- file: no transaction
-- Fills the new columns in batches that commit one by one, then validates their
-- constraints and builds their indexes without blocking writes.

-- Backfills 1 column(s) in batches, one transaction each, so that only row locks are held.
DO $$
DECLARE
  done bigint;
BEGIN
  LOOP
    UPDATE things SET b = COALESCE(b, a::varchar(30)) WHERE id IN (SELECT id FROM things WHERE (b IS NULL AND a IS NOT NULL) LIMIT 5000);
    GET DIAGNOSTICS done = ROW_COUNT;
    EXIT WHEN done = 0;
    COMMIT;
  END LOOP;
END
$$;

ALTER TABLE things VALIDATE CONSTRAINT things_b_check;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_b_svcgen_not_null;

ALTER TABLE things ADD CONSTRAINT things_b_svcgen_not_null CHECK (b IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_b_svcgen_not_null;

ALTER TABLE things ALTER COLUMN b SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_b_svcgen_not_null;

DROP INDEX CONCURRENTLY IF EXISTS things_b_key;

CREATE UNIQUE INDEX CONCURRENTLY things_b_key ON things (b);
