
ALTER TABLE bs RENAME COLUMN a_field_name_so_long_that_its_shadow_column_cannot_fit_ok TO a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2;

ALTER TABLE bs ADD COLUMN a_field_name_so_long_that_its_shadow_column_cannot_fit_ok integer;

UPDATE bs SET a_field_name_so_long_that_its_shadow_column_cannot_fit_ok = a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2::integer;

ALTER TABLE bs ALTER COLUMN a_field_name_so_long_that_its_shadow_column_cannot_fit_ok SET NOT NULL;

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

ALTER INDEX a_table_name_of_fifty_two_bytes_for_the_longest_name_n_idx RENAME TO a_table_name_of_fifty_two_bytes_for_the_l_3ce3cd2a_svcgen_2_idx;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name RENAME CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_longest_name_n_check TO a_table_name_of_fifty_two_bytes_for_the_2be3d19f_svcgen_2_check;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name RENAME COLUMN n TO n_svcgen_2;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ADD COLUMN n integer;

UPDATE a_table_name_of_fifty_two_bytes_for_the_longest_name SET n = n_svcgen_2::integer;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ALTER COLUMN n SET NOT NULL;

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name ADD CONSTRAINT a_table_name_of_fifty_two_bytes_for_the_longest_name_n_check CHECK (n >= 0);

CREATE INDEX a_table_name_of_fifty_two_bytes_for_the_longest_name_n_idx ON a_table_name_of_fifty_two_bytes_for_the_longest_name (n);

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
