-- file: in a transaction

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ADD COLUMN n_svcgen_2 bigint;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ADD CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_2be3d19f_svcgen_2_check CHECK (n_svcgen_2 >= 0) NOT VALID;

CREATE FUNCTION svcgen_sync_a_table_name_of_fifty_two_bytes_for_the__eba616b3_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.n_svcgen_2 IS NULL THEN
      NEW.n_svcgen_2 := NEW.n::bigint;
    ELSIF NEW.n IS NULL THEN
      NEW.n := NEW.n_svcgen_2::integer;
    END IF;
  ELSE
    IF NEW.n_svcgen_2 IS DISTINCT FROM OLD.n_svcgen_2 AND NEW.n_svcgen_2 IS DISTINCT FROM NEW.n::bigint THEN
      NEW.n := NEW.n_svcgen_2::integer;
    ELSIF NEW.n IS DISTINCT FROM OLD.n AND NEW.n IS DISTINCT FROM NEW.n_svcgen_2::integer THEN
      NEW.n_svcgen_2 := NEW.n::bigint;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_a_table_name_of_fifty_two_bytes_for_the__eba616b3_2 BEFORE INSERT OR UPDATE ON a_table_name_of_fifty_two_bytes_for_the_longest_name FOR EACH ROW EXECUTE FUNCTION svcgen_sync_a_table_name_of_fifty_two_bytes_for_the__eba616b3_2();

ALTER TABLE bs ADD COLUMN a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 bigint;

CREATE FUNCTION svcgen_sync_bs_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 IS NULL THEN
      NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 := NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok::bigint;
    ELSIF NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok IS NULL THEN
      NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok := NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2::integer;
    END IF;
  ELSE
    IF NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 IS DISTINCT FROM OLD.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 AND NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 IS DISTINCT FROM NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok::bigint THEN
      NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok := NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2::integer;
    ELSIF NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok IS DISTINCT FROM OLD.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok AND NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok IS DISTINCT FROM NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2::integer THEN
      NEW.a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 := NEW.a_field_name_so_long_that_its_shadow_column_cannot_fit_ok::bigint;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_bs_2 BEFORE INSERT OR UPDATE ON bs FOR EACH ROW EXECUTE FUNCTION svcgen_sync_bs_2();
-- file: no transaction
-- Fills the new columns in batches that commit one by one, then validates their
-- constraints and builds their indexes without blocking writes.

-- Copies 1 column(s) of a_table_name_of_fifty_two_bytes_for_the_longest_name into their new shape.
-- 5000 rows per transaction in primary key order: each batch commits at once, so its row locks
-- are held briefly and no long transaction holds back vacuum. COMMIT inside DO is why this file
-- runs outside a transaction. A rerun after a failure only touches the rows still to fill.
DO $svcgen$
#variable_conflict use_column
DECLARE
  svcgen_from a_table_name_of_fifty_two_bytes_for_the_longest_name.id%TYPE;
  svcgen_to a_table_name_of_fifty_two_bytes_for_the_longest_name.id%TYPE;
BEGIN
  SELECT id INTO svcgen_from FROM a_table_name_of_fifty_two_bytes_for_the_longest_name ORDER BY id LIMIT 1;
  WHILE svcgen_from IS NOT NULL LOOP
    SELECT id INTO svcgen_to FROM a_table_name_of_fifty_two_bytes_for_the_longest_name WHERE id >= svcgen_from ORDER BY id OFFSET 4999 LIMIT 1;
    IF svcgen_to IS NULL THEN
      UPDATE a_table_name_of_fifty_two_bytes_for_the_longest_name SET n_svcgen_2 = COALESCE(n_svcgen_2, n::bigint) WHERE ((n_svcgen_2 IS NULL AND n IS NOT NULL)) AND id >= svcgen_from;
    ELSE
      UPDATE a_table_name_of_fifty_two_bytes_for_the_longest_name SET n_svcgen_2 = COALESCE(n_svcgen_2, n::bigint) WHERE ((n_svcgen_2 IS NULL AND n IS NOT NULL)) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM a_table_name_of_fifty_two_bytes_for_the_longest_name WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name VALIDATE CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_2be3d19f_svcgen_2_check;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name DROP CONSTRAINT IF EXISTS a_table_name_of_fifty_two_bytes_for_the_longe_0bf6469c_not_null;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ADD CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_longe_0bf6469c_not_null CHECK (n_svcgen_2 IS NOT NULL) NOT VALID;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name VALIDATE CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_longe_0bf6469c_not_null;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ALTER COLUMN n_svcgen_2 SET NOT NULL;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name DROP CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_longe_0bf6469c_not_null;

DROP INDEX CONCURRENTLY IF EXISTS a_table_name_of_fifty_two_bytes_for_the_l_3ce3cd2a_svcgen_2_idx;

CREATE INDEX CONCURRENTLY a_table_name_of_fifty_two_bytes_for_the_l_3ce3cd2a_svcgen_2_idx ON a_table_name_of_fifty_two_bytes_for_the_longest_name (n_svcgen_2);

-- Copies 1 column(s) of bs into their new shape.
-- 5000 rows per transaction in primary key order: each batch commits at once, so its row locks
-- are held briefly and no long transaction holds back vacuum. COMMIT inside DO is why this file
-- runs outside a transaction. A rerun after a failure only touches the rows still to fill.
DO $svcgen$
#variable_conflict use_column
DECLARE
  svcgen_from bs.id%TYPE;
  svcgen_to bs.id%TYPE;
BEGIN
  SELECT id INTO svcgen_from FROM bs ORDER BY id LIMIT 1;
  WHILE svcgen_from IS NOT NULL LOOP
    SELECT id INTO svcgen_to FROM bs WHERE id >= svcgen_from ORDER BY id OFFSET 4999 LIMIT 1;
    IF svcgen_to IS NULL THEN
      UPDATE bs SET a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 = COALESCE(a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2, a_field_name_so_long_that_its_shadow_column_cannot_fit_ok::bigint) WHERE ((a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 IS NULL AND a_field_name_so_long_that_its_shadow_column_cannot_fit_ok IS NOT NULL)) AND id >= svcgen_from;
    ELSE
      UPDATE bs SET a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 = COALESCE(a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2, a_field_name_so_long_that_its_shadow_column_cannot_fit_ok::bigint) WHERE ((a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 IS NULL AND a_field_name_so_long_that_its_shadow_column_cannot_fit_ok IS NOT NULL)) AND id >= svcgen_from AND id <= svcgen_to;
    END IF;
    COMMIT;
    SELECT id INTO svcgen_from FROM bs WHERE id > svcgen_to ORDER BY id LIMIT 1;
  END LOOP;
END
$svcgen$;

ALTER TABLE bs DROP CONSTRAINT IF EXISTS bs_a_field_name_so_long_that_its_shadow_colum_3865d678_not_null;

ALTER TABLE bs ADD CONSTRAINT bs_a_field_name_so_long_that_its_shadow_colum_3865d678_not_null CHECK (a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 IS NOT NULL) NOT VALID;

ALTER TABLE bs VALIDATE CONSTRAINT bs_a_field_name_so_long_that_its_shadow_colum_3865d678_not_null;

ALTER TABLE bs ALTER COLUMN a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2 SET NOT NULL;

ALTER TABLE bs DROP CONSTRAINT bs_a_field_name_so_long_that_its_shadow_colum_3865d678_not_null;
