// What a delete does to the rows that refer to the deleted one: the steps followed through the
// service's foreign keys, the single statement that purges deleted referring rows, and the 409
// details that name the referring model and field.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/front_end.hpp"
#include "emit/cpp_model_parts.hpp"
#include "ir/delete_effects.hpp"
#include "test_folder.hpp"

namespace svcgen {
namespace {

std::optional<ir::Service> build(const std::string& service_file) {
  std::ostringstream err;
  FrontEndResult front = run_front_end(service_file, err);
  EXPECT_TRUE(front.service) << err.str();
  return std::move(front.service);
}

std::optional<ir::Service> golden(const std::string& name) {
  return build(std::string(SVCGEN_SOURCE_DIR) + "/tests/golden/" + name + "/service.json");
}

// "Model.field parent blocks/purges/cascades" per step, for comparing whole walks.
std::vector<std::string> describe(const std::vector<ir::DeleteStep>& steps) {
  std::vector<std::string> lines;
  for (const ir::DeleteStep& step : steps) {
    lines.push_back(ir::referrer(step) + " " + std::to_string(step.parent) +
                    (step.blocks ? " blocks" : "") + (step.purges ? " purges" : "") +
                    (step.cascades ? " cascades" : ""));
  }
  return lines;
}

std::string delete_statement(const ir::Service& service, const std::string& model) {
  cpp::ModelContext context(service, *service.find_model(model));
  for (const cpp::StatementText& statement : cpp::model_statements(context)) {
    if (statement.constant == "kDelete") {
      return statement.sql;
    }
  }
  ADD_FAILURE() << model << " has no delete statement";
  return "";
}

std::string routes(const ir::Service& service, const std::string& model) {
  return cpp::model_routes(cpp::ModelContext(service, *service.find_model(model)));
}

TEST(DeleteEffects, FollowRestrictIntoDeletedRowsAndCascadesButNotSetNull) {
  std::optional<ir::Service> service = golden("soft_delete_refs");
  ASSERT_TRUE(service);
  std::vector<ir::DeleteStep> steps = ir::delete_steps(*service, *service->find_model("Sale"));
  EXPECT_EQ(describe(steps), (std::vector<std::string>{
                                 "Order.referrer_id -1",
                                 "Order.sale_id -1 blocks purges",
                                 "Line.order_id 1 blocks purges",
                                 "Shipment.sale_id -1 cascades",
                                 "Parcel.shipment_id 3 blocks purges",
                             }));
  EXPECT_TRUE(ir::delete_can_be_blocked(steps));
  EXPECT_EQ(ir::referenced_detail(*service->find_model("Sale"), steps, 2),
            "the sale is still referenced by Line.order_id, through Order.sale_id; delete those "
            "first");
}

// The purges are parts of the delete statement, so that the foreign key checks at its end see
// them and a failure undoes them; with optimistic locking they happen only when the version
// matches.
TEST(DeleteEffects, OneStatementPurgesDeletedRowsBeforeTheChecks) {
  std::optional<ir::Service> service = golden("soft_delete_refs");
  ASSERT_TRUE(service);
  std::string sale =
      "(SELECT id FROM sales WHERE id = $1::bigint AND ($2::bigint = -1 OR version "
      "= $2::bigint))";
  EXPECT_EQ(delete_statement(*service, "Sale"),
            "WITH purged_1 AS (DELETE FROM orders WHERE sale_id IN " + sale +
                " AND deleted_at IS NOT NULL RETURNING id), purged_2 AS (DELETE FROM lines WHERE "
                "order_id IN (SELECT id FROM purged_1) AND deleted_at IS NOT NULL), purged_4 AS "
                "(DELETE FROM parcels WHERE shipment_id IN (SELECT id FROM shipments WHERE "
                "sale_id IN " +
                sale +
                ") AND deleted_at IS NOT NULL) DELETE FROM sales WHERE id = $1::bigint AND "
                "($2::bigint = -1 OR version = $2::bigint)");
  std::optional<ir::Service> bookstore =
      build(std::string(SVCGEN_SOURCE_DIR) + "/examples/bookstore/service.json");
  ASSERT_TRUE(bookstore);
  EXPECT_EQ(delete_statement(*bookstore, "Book"),
            "WITH purged_0 AS (DELETE FROM orders WHERE book_id = $1::bigint AND deleted_at IS "
            "NOT NULL) DELETE FROM books WHERE id = $1::bigint");
  EXPECT_EQ(delete_statement(*bookstore, "Author"), "DELETE FROM authors WHERE id = $1::bigint");
}

TEST(DeleteEffects, OnlyDeletesThatCanBeBlockedCatchForeignKeyViolations) {
  std::optional<ir::Service> service = golden("soft_delete_refs");
  ASSERT_TRUE(service);
  std::string sale = routes(*service, "Sale");
  EXPECT_NE(sale.find("{\"orders_sale_id_fkey\", \"the sale is still referenced by "
                      "Order.sale_id; delete those first\"}"),
            std::string::npos)
      << sale;
  EXPECT_NE(sale.find("referenced(error.constraint())"), std::string::npos);
  EXPECT_EQ(sale.find("orders_referrer_id_fkey\", \"the sale"), std::string::npos)
      << "setNull never blocks";
  // A softDelete model's delete only marks the row.
  for (const char* model : {"Order", "Parcel"}) {
    EXPECT_TRUE(ir::delete_steps(*service, *service->find_model(model)).empty()) << model;
    std::string code = routes(*service, model);
    EXPECT_EQ(code.find("kForeignKeyViolation"), std::string::npos) << model;
    EXPECT_EQ(code.find("kReferences"), std::string::npos) << model;
  }
  // Nothing refers to a review.
  std::optional<ir::Service> bookstore =
      build(std::string(SVCGEN_SOURCE_DIR) + "/examples/bookstore/service.json");
  ASSERT_TRUE(bookstore);
  EXPECT_EQ(routes(*bookstore, "Review").find("kForeignKeyViolation"), std::string::npos);
}

// A softDelete model that refers to itself: its rows are purged one level down, and the walk
// stops where the model is already on the path.
TEST(DeleteEffects, ACycleOfReferencesEnds) {
  testing::TestFolder folder("delete-effects-cycle");
  folder.write("service.json", R"({"service": "shop", "models": ["a.json", "b.json"]})");
  folder.write("a.json", R"({"name": "Shop", "fields": [{"name": "name", "type": "string"}]})");
  folder.write("b.json", R"({"name": "Category", "softDelete": true, "fields": [
      {"name": "shop_id", "type": "ref", "model": "Shop"},
      {"name": "parent_id", "type": "ref", "model": "Category", "optional": true}]})");
  std::optional<ir::Service> service = build((folder.path() / "service.json").string());
  ASSERT_TRUE(service);
  std::vector<ir::DeleteStep> steps = ir::delete_steps(*service, *service->find_model("Shop"));
  EXPECT_EQ(describe(steps), (std::vector<std::string>{"Category.shop_id -1 blocks purges",
                                                       "Category.parent_id 0 blocks purges"}));
  EXPECT_EQ(ir::referenced_detail(*service->find_model("Shop"), steps, 1),
            "the shop is still referenced by Category.parent_id, through Category.shop_id; "
            "delete those first");
}

}  // namespace
}  // namespace svcgen
