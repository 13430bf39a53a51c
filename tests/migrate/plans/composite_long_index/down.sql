-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS ts_v_w_a_field_name_long_enough_to_push_the_i_91f5b758_svcgen_2;
-- file: in a transaction

DROP TRIGGER svcgen_sync_ts_2 ON ts;

DROP FUNCTION svcgen_sync_ts_2();

ALTER TABLE ts DROP COLUMN v_svcgen_2;
