
ALTER INDEX ts_v_w_a_field_name_long_enough_to_push_the_index_name_out_key RENAME TO ts_v_w_a_field_name_long_enough_to_push_the_i_91f5b758_svcgen_2;

ALTER TABLE ts RENAME COLUMN v TO v_svcgen_2;

ALTER TABLE ts ADD COLUMN v integer;

UPDATE ts SET v = v_svcgen_2::integer;

ALTER TABLE ts ALTER COLUMN v SET NOT NULL;

CREATE UNIQUE INDEX ts_v_w_a_field_name_long_enough_to_push_the_index_name_out_key ON ts (v, w_a_field_name_long_enough_to_push_the_index_name_out);

CREATE FUNCTION svcgen_sync_ts_2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.v_svcgen_2 IS NULL THEN
      NEW.v_svcgen_2 := NEW.v::bigint;
    ELSIF NEW.v IS NULL THEN
      NEW.v := NEW.v_svcgen_2::integer;
    END IF;
  ELSE
    IF NEW.v_svcgen_2 IS DISTINCT FROM OLD.v_svcgen_2 AND NEW.v_svcgen_2 IS DISTINCT FROM NEW.v::bigint THEN
      NEW.v := NEW.v_svcgen_2::integer;
    ELSIF NEW.v IS DISTINCT FROM OLD.v AND NEW.v IS DISTINCT FROM NEW.v_svcgen_2::integer THEN
      NEW.v_svcgen_2 := NEW.v::bigint;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER svcgen_sync_ts_2 BEFORE INSERT OR UPDATE ON ts FOR EACH ROW EXECUTE FUNCTION svcgen_sync_ts_2();
