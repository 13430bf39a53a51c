-- file: in a transaction

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.closing from time to text can fail on or alter existing values
ALTER TABLE things ADD COLUMN closing text;

ALTER TABLE things ALTER COLUMN closes DROP DEFAULT;

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.opens from text to time can fail on or alter existing values
ALTER TABLE things ADD COLUMN opens_svcgen_2 time;

-- TYPE_NARROWING (allowed with --allow-destructive): changing things.count from text to integer can fail on or alter existing values
ALTER TABLE things ADD COLUMN count_svcgen_2 integer;

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
-- file: no transaction
-- Fills the new columns in batches that commit one by one, then validates their
-- constraints and builds their indexes without blocking writes.

-- Copies 3 column(s) of things into their new shape.
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
      UPDATE things SET closing = COALESCE(closing, closes::text), opens_svcgen_2 = COALESCE(opens_svcgen_2, opens::time), count_svcgen_2 = COALESCE(count_svcgen_2, count::integer) WHERE ((closing IS NULL AND closes IS NOT NULL) OR (opens_svcgen_2 IS NULL AND opens IS NOT NULL) OR (count_svcgen_2 IS NULL AND count IS NOT NULL)) AND id >= svcgen_from;
    ELSE
      UPDATE things SET closing = COALESCE(closing, closes::text), opens_svcgen_2 = COALESCE(opens_svcgen_2, opens::time), count_svcgen_2 = COALESCE(count_svcgen_2, count::integer) WHERE ((closing IS NULL AND closes IS NOT NULL) OR (opens_svcgen_2 IS NULL AND opens IS NOT NULL) OR (count_svcgen_2 IS NULL AND count IS NOT NULL)) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM things WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_closing_not_null;

ALTER TABLE things ADD CONSTRAINT things_closing_not_null CHECK (closing IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_closing_not_null;

ALTER TABLE things ALTER COLUMN closing SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_closing_not_null;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_opens_svcgen_2_not_null;

ALTER TABLE things ADD CONSTRAINT things_opens_svcgen_2_not_null CHECK (opens_svcgen_2 IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_opens_svcgen_2_not_null;

ALTER TABLE things ALTER COLUMN opens_svcgen_2 SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_opens_svcgen_2_not_null;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_count_svcgen_2_not_null;

ALTER TABLE things ADD CONSTRAINT things_count_svcgen_2_not_null CHECK (count_svcgen_2 IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_count_svcgen_2_not_null;

ALTER TABLE things ALTER COLUMN count_svcgen_2 SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_count_svcgen_2_not_null;
