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

-- Copies 1 column(s) of things into their new shape.
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
      UPDATE things SET b = COALESCE(b, a::varchar(30)) WHERE ((b IS NULL AND a IS NOT NULL)) AND id >= svcgen_from;
    ELSE
      UPDATE things SET b = COALESCE(b, a::varchar(30)) WHERE ((b IS NULL AND a IS NOT NULL)) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM things WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE things VALIDATE CONSTRAINT things_b_check;

ALTER TABLE things DROP CONSTRAINT IF EXISTS things_b_not_null;

ALTER TABLE things ADD CONSTRAINT things_b_not_null CHECK (b IS NOT NULL) NOT VALID;

ALTER TABLE things VALIDATE CONSTRAINT things_b_not_null;

ALTER TABLE things ALTER COLUMN b SET NOT NULL;

ALTER TABLE things DROP CONSTRAINT things_b_not_null;

DROP INDEX CONCURRENTLY IF EXISTS things_b_key;

CREATE UNIQUE INDEX CONCURRENTLY things_b_key ON things (b);
