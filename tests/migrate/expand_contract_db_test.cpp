// Both versions of a service side by side between the expand and the contract step, on the test
// PostgreSQL: the statements each version's binary runs (INSERT and UPDATE naming every field
// column, SELECT listing its columns) keep working, and each reads the other's rows with the
// right values. Then the contract step leaves the shape the models ask for.
#include "case_database.hpp"
#include "migration_case.hpp"

namespace svcgen::testing {
namespace {

using Rows = std::vector<std::string>;

// A case's before/ schema with rows the old version wrote, then the expand step.
class BothVersions {
 public:
  BothVersions(const fs::path& folder, const std::vector<std::string>& old_rows)
      : migration_(folder), database_("both_" + folder.filename().string()) {
    database_.up(migrate::render(migrate::plan_changes({}, migration_.before), true));
    database_.run_all(old_rows);
    database_.up(migration_.steps.parts);
  }

  CaseDatabase& db() { return database_; }

  // The expand step's down files, as `migrate down` runs them.
  void revert_expand() { database_.down(migration_.steps.parts); }
  void revert_contract() {
    ASSERT_TRUE(migration_.steps.contract) << migration_.dir << " has no contract step";
    database_.run_all(migration_.steps.contract->down);
  }

  void contract() {
    ASSERT_TRUE(migration_.steps.contract) << migration_.dir << " has no contract step";
    database_.run_all(migration_.steps.contract->up);
    EXPECT_EQ(database_.model_description(), asked_for(migration_.after));
  }

 private:
  MigrationCase migration_;
  CaseDatabase database_;
};

TEST(BothVersionsDuringExpand, RenamedColumnIsWrittenAndReadUnderBothNames) {
  BothVersions both(plan_cases_dir() / "rename_column",
                    {"INSERT INTO things (a) VALUES ('before')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (a) VALUES ('by old')");
  db.run("INSERT INTO things (b) VALUES ('by new')");
  EXPECT_EQ(db.rows("SELECT id, a FROM things ORDER BY id"),
            (Rows{"1|before", "2|by old", "3|by new"}));
  EXPECT_EQ(db.rows("SELECT id, b FROM things ORDER BY id"),
            (Rows{"1|before", "2|by old", "3|by new"}));
  db.run("UPDATE things SET a = 'old edit' WHERE id = 3");
  db.run("UPDATE things SET b = 'new edit' WHERE id = 2");
  EXPECT_EQ(db.rows("SELECT id, a, b FROM things ORDER BY id"),
            (Rows{"1|before|before", "2|new edit|new edit", "3|old edit|old edit"}));
  // The unique index exists on the new column too.
  EXPECT_THROW(db.run("INSERT INTO things (b) VALUES ('before')"), std::runtime_error);
  both.contract();
  EXPECT_EQ(db.rows("SELECT id, b FROM things ORDER BY id"),
            (Rows{"1|before", "2|new edit", "3|old edit"}));
}

// The old column gives up its NOT NULL, its default and the check the new values would fail.
TEST(BothVersionsDuringExpand, RenamedFieldThatBecomesOptionalTakesTheNewVersionsValues) {
  BothVersions both(plan_cases_dir() / "rename_to_optional",
                    {"INSERT INTO things (label) VALUES ('high')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (label) VALUES ('low')");
  db.run("INSERT INTO things (level) VALUES (NULL)");
  db.run("INSERT INTO things (level) VALUES ('top')");
  db.run("UPDATE things SET level = NULL WHERE id = 1");
  EXPECT_EQ(db.rows("SELECT id, label, level FROM things ORDER BY id"),
            (Rows{"1|null|null", "2|low|low", "3|null|null", "4|top|top"}));
  EXPECT_THROW(db.run("INSERT INTO things (level) VALUES ('none')"), std::runtime_error);
  both.contract();
  EXPECT_EQ(db.rows("SELECT id, level FROM things ORDER BY id"),
            (Rows{"1|null", "2|low", "3|null", "4|top"}));
}

// Going back: the old version requires the field again, and the rows the new one left without
// a value get the old default instead of making SET NOT NULL fail.
TEST(BothVersionsDuringExpand, FieldThatBecameOptionalIsRequiredAgainAfterTheExpandDown) {
  BothVersions both(plan_cases_dir() / "rename_to_optional",
                    {"INSERT INTO things (label) VALUES ('high')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (level) VALUES (NULL)");
  both.revert_expand();
  EXPECT_EQ(db.rows("SELECT id, label FROM things ORDER BY id"), (Rows{"1|high", "2|low"}));
  EXPECT_THROW(db.run("INSERT INTO things (label) VALUES (NULL)"), std::runtime_error);
}

// A dropped unique field comes back empty from the contract step's down, so it comes back
// nullable: a placeholder in two rows would break its unique index. Going further back, to a
// version that requires it, fails with what to do, until the rows have values again.
TEST(BothVersionsDuringExpand, DroppedUniqueFieldComesBackWithoutValuesAndAsksForThem) {
  BothVersions both(plan_cases_dir() / "drop_unique_required",
                    {"INSERT INTO things (a, code) VALUES ('one', 'c1')",
                     "INSERT INTO things (a, code) VALUES ('two', 'c2')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (a) VALUES ('by new')");
  both.contract();
  both.revert_contract();
  EXPECT_EQ(db.rows("SELECT id, a, code FROM things ORDER BY id"),
            (Rows{"1|one|null", "2|two|null", "3|by new|null"}));
  try {
    both.revert_expand();
    ADD_FAILURE() << "SET NOT NULL passed on rows without code";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("Give those rows values first"), std::string::npos)
        << error.what();
  }
  db.run("UPDATE things SET code = 'c' || id");
  both.revert_expand();
  EXPECT_THROW(db.run("INSERT INTO things (a) VALUES ('no code')"), std::runtime_error);
}

// The contract step's down brings a dropped required field back with a placeholder its checks
// accept (1 for minimum 1, the first enum value), not one they refuse.
TEST(BothVersionsDuringExpand, DroppedCheckedFieldsComeBackWithValuesTheirChecksAccept) {
  BothVersions both(plan_cases_dir() / "drop_checked_required",
                    {"INSERT INTO things (a, n, e) VALUES ('one', 5, 'y')"});
  both.contract();
  both.revert_contract();
  EXPECT_EQ(both.db().rows("SELECT id, a, n, e FROM things ORDER BY id"), (Rows{"1|one|1|x"}));
}

// A field made optional in place: going back, the rows left NULL get the default, or a value
// the field's checks accept; a unique one gets none and says what to do.
TEST(BothVersionsDuringExpand, FieldsMadeOptionalInPlaceAreRefilledGoingBack) {
  BothVersions both(plan_cases_dir() / "required_to_optional",
                    {"INSERT INTO things (a, b, c) VALUES (1, 11, 'one')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (a, b, c) VALUES (NULL, NULL, 'two')");
  both.revert_expand();
  EXPECT_EQ(db.rows("SELECT id, a, b, c FROM things ORDER BY id"),
            (Rows{"1|1|11|one", "2|15|10|two"}));
  EXPECT_THROW(db.run("INSERT INTO things (a, b, c) VALUES (1, NULL, 'x')"), std::runtime_error);
}

TEST(BothVersionsDuringExpand, DroppedRequiredColumnTakesAPlaceholderFromTheNewVersion) {
  BothVersions both(rule_cases_dir() / "DROP_COLUMN",
                    {"INSERT INTO things (a, n, e) VALUES ('kept', 1, 'x')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (a, n, e) VALUES ('by old', 2, 'y')");
  db.run("INSERT INTO things (n, e) VALUES (3, 'x')");
  db.run("UPDATE things SET n = 4, e = 'y' WHERE id = 1");
  db.run("UPDATE things SET a = 'old edit', n = 5, e = 'x' WHERE id = 3");
  EXPECT_EQ(db.rows("SELECT id, a, n, e FROM things ORDER BY id"),
            (Rows{"1|kept|4|y", "2|by old|2|y", "3|old edit|5|x"}));
  EXPECT_EQ(db.rows("SELECT id, n, e FROM things ORDER BY id"), (Rows{"1|4|y", "2|2|y", "3|5|x"}));
  both.contract();
  EXPECT_THROW(db.rows("SELECT a FROM things"), std::runtime_error);
  EXPECT_EQ(db.rows("SELECT id, n, e FROM things ORDER BY id"), (Rows{"1|4|y", "2|2|y", "3|5|x"}));
}

TEST(BothVersionsDuringExpand, WidenedIntegerFillsItsShadowAndTakesItsNameAtTheContract) {
  BothVersions both(plan_cases_dir() / "widenings",
                    {"INSERT INTO things (i, s, d, e, r) VALUES (7, 'x', 1.25, 'x', 3)"});
  CaseDatabase& db = both.db();
  // Both versions write the column under its name; the shadow follows.
  db.run("INSERT INTO things (i, s, d, e, r) VALUES (8, 'old', 2.50, 'y', 4)");
  db.run("INSERT INTO things (i, s, d, e, r) VALUES (9, NULL, 3.125, 'z', -5)");
  db.run("UPDATE things SET i = 70, s = 'x', d = 1.5, e = 'x', r = 3 WHERE id = 1");
  EXPECT_EQ(db.rows("SELECT id, i, i_svcgen_2, d, d_svcgen_2 FROM things ORDER BY id"),
            (Rows{"1|70|70|1.50|1.500", "2|8|8|2.50|2.500", "3|9|9|3.13|3.130"}));
  both.contract();
  EXPECT_EQ(db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                    "'things'::regclass AND attname IN ('i', 'd') ORDER BY attname"),
            (Rows{"numeric(12,3)", "bigint"}));
  db.run("INSERT INTO things (i, s, d, e, r) VALUES (1099511627776, 'big', 1.125, 'x', 0)");
  EXPECT_EQ(db.rows("SELECT id, i, d FROM things ORDER BY id"),
            (Rows{"1|70|1.500", "2|8|2.500", "3|9|3.130", "4|1099511627776|1.125"}));
}

// FOUND is a PL/pgSQL variable: the backfill's DO block must still mean the column.
TEST(BothVersionsDuringExpand, BackfillOfAColumnNamedLikeAPlpgsqlVariable) {
  BothVersions both(
      plan_cases_dir() / "retype_plpgsql_word",
      {"INSERT INTO things (found) VALUES (7)", "INSERT INTO things (found) VALUES (8)"});
  both.contract();
  EXPECT_EQ(both.db().rows("SELECT id, found FROM things ORDER BY id"), (Rows{"1|7", "2|8"}));
}

TEST(BothVersionsDuringExpand, NarrowedVarcharKeepsValuesThatFit) {
  BothVersions both(rule_cases_dir() / "TYPE_NARROWING",
                    {"INSERT INTO things (a, n, e) VALUES ('short', 1, 'x')"});
  CaseDatabase& db = both.db();
  db.run("INSERT INTO things (a, n, e) VALUES ('also short', 2, 'y')");
  db.run("UPDATE things SET a = 'edited', n = 1, e = 'x' WHERE id = 1");
  EXPECT_EQ(db.rows("SELECT id, a, a_svcgen_2 FROM things ORDER BY id"),
            (Rows{"1|edited|edited", "2|also short|also short"}));
  both.contract();
  EXPECT_EQ(db.rows("SELECT id, a FROM things ORDER BY id"), (Rows{"1|edited", "2|also short"}));
  EXPECT_EQ(db.rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                    "'things'::regclass AND attname = 'a'"),
            (Rows{"character varying(20)"}));
}

TEST(BothVersionsDuringExpand, RenamedTableIsServedUnderItsOldNameByAView) {
  BothVersions both(plan_cases_dir() / "rename_model", {"INSERT INTO owners (n) VALUES ('first')"});
  CaseDatabase& db = both.db();
  // Through the view, the base table's identity and defaults fill what the INSERT leaves out.
  EXPECT_EQ(
      db.rows("INSERT INTO owners (n) VALUES ('by old') RETURNING id, created_at IS NOT NULL"),
      (Rows{"2|t"}));
  db.run("INSERT INTO persons (n) VALUES ('by new')");
  db.run("UPDATE owners SET n = 'old edit' WHERE id = 3");
  db.run("UPDATE persons SET n = 'new edit' WHERE id = 2");
  EXPECT_EQ(db.rows("SELECT id, n FROM owners ORDER BY id"),
            (Rows{"1|first", "2|new edit", "3|old edit"}));
  EXPECT_EQ(db.rows("SELECT id, n FROM persons ORDER BY id"),
            (Rows{"1|first", "2|new edit", "3|old edit"}));
  db.run("DELETE FROM owners WHERE id = 1");
  EXPECT_EQ(db.rows("SELECT count(*) FROM persons"), (Rows{"2"}));
  both.contract();
  EXPECT_THROW(db.rows("SELECT id FROM owners"), std::runtime_error);
  EXPECT_EQ(db.rows("SELECT id, n FROM persons ORDER BY id"), (Rows{"2|new edit", "3|old edit"}));
}

}  // namespace
}  // namespace svcgen::testing
