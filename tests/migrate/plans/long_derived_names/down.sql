-- file: no transaction

DROP INDEX CONCURRENTLY IF EXISTS a_table_name_of_fifty_two_bytes_for_the_l_3ce3cd2a_svcgen_2_idx;
-- file: in a transaction

DROP TRIGGER svcgen_sync_bs_2 ON bs;

DROP FUNCTION svcgen_sync_bs_2();

ALTER TABLE bs DROP COLUMN a_field_name_so_long_that_its_shadow_column_c_e1cfe033_svcgen_2;

DROP TRIGGER svcgen_sync_a_table_name_of_fifty_two_bytes_for_the__eba616b3_2 ON a_table_name_of_fifty_two_bytes_for_the_longest_name;

DROP FUNCTION svcgen_sync_a_table_name_of_fifty_two_bytes_for_the__eba616b3_2();

ALTER TABLE a_table_name_of_fifty_two_bytes_for_the_longest_name DROP COLUMN n_svcgen_2;
