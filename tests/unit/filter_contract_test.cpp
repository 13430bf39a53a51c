// The list filters a service's OpenAPI document describes are exactly those its list endpoint
// accepts. For every model of the all-types golden service, the document is generated in memory
// and the runtime's list query builder is run on the list spec the C++ emitter writes for the
// model (its filterable columns and their kinds): each documented field[op] parameter must pass
// with a value its documented schema admits, and every filter the builder accepts, among all the
// model's columns and the table's operators and some that are not, must be documented.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/front_end.hpp"
#include "emit/openapi_emitter.hpp"
#include "ir/field_types.hpp"
#include "svcgen/body.hpp"
#include "svcgen/filter_operators.hpp"
#include "svcgen/list.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/types.hpp"

namespace svcgen {
namespace {

using Document = nlohmann::ordered_json;

// Operator names no row of the table has: a service must refuse them.
const std::vector<std::string> kNoOperators = {"like", "EQ", "regex", "between", ""};

// The enum members of a column, one per line, as list specs carry them.
std::string enum_values(const ir::Model& model, const ir::Column& column) {
  std::string values;
  if (const ir::Field* field = model.field_of(column)) {
    for (const ir::EnumMember& member : field->values) {
      values += (values.empty() ? "" : "\n") + member.value;
    }
  }
  return values;
}

// The list spec of a model; it keeps the strings its fields view.
class Spec {
 public:
  explicit Spec(const ir::Model& model) : model_(model.name) {
    // Every selected column, as the C++ model emitter declares them in the list spec.
    for (const ir::Column& column : model.columns) {
      if (!column.selected) {
        continue;
      }
      const std::string& name = text(column.name.text);
      const ir::FieldTypeInfo& row = ir::field_type(column.stored);
      fields_.push_back(ListField{.name = name,
                                  .column = name,
                                  .cast = "text",
                                  .kind = column.value_kind,
                                  .nullable = column.nullable,
                                  .sortable = true,
                                  .filterable = column.filterable,
                                  .select_index = static_cast<int>(fields_.size()),
                                  .values = text(enum_values(model, column)),
                                  .min_integer = row.min_integer,
                                  .max_integer = row.max_integer});
    }
  }
  ListSpec spec() const { return {model_, "SELECT * FROM t", "", &fields_[0], fields_}; }

 private:
  const std::string& text(const std::string& value) { return strings_.emplace_back(value); }

  std::string model_;
  std::deque<std::string> strings_;
  std::vector<ListField> fields_;
};

// A value the runtime accepts for a field of `kind`.
std::string sample_value(const ListField& field) {
  switch (field.kind) {
    case ValueKind::kString:
      return "a";
    case ValueKind::kInteger:
      return "1";
    case ValueKind::kFloat:
    case ValueKind::kDecimal:
      return "1.5";
    case ValueKind::kBool:
      return "true";
    case ValueKind::kUuid:
      return "00000000-0000-4000-8000-000000000001";
    case ValueKind::kTimestamp:
      return "2024-02-29T12:00:00Z";
    case ValueKind::kDate:
      return "2024-02-29";
    case ValueKind::kTime:
      return "12:30:00.5";
    case ValueKind::kEnum:
      return std::string(field.values.substr(0, field.values.find('\n')));
    case ValueKind::kBytes:
      return "AAEC/w==";
  }
  return "";
}

// The value of a filter parameter: the sample, or true for a boolean operand.
std::string operand(const ListField& field, const std::string& op) {
  const FilterOperator* row = find_filter_operator(op);
  return row && row->operand == FilterOperand::kBoolean ? "true" : sample_value(field);
}

std::string parameter_name(const std::string& field, const std::string& op) {
  return op == "=" ? field : field + "[" + op + "]";
}

bool accepted(const ListSpec& spec, const std::string& parameter, const std::string& value) {
  try {
    build_list_query(spec, parameter + "=" + value, "contract-key");
    return true;
  } catch (const ProblemError&) {
    return false;
  }
}

// Whether the JSON Schema admits `value` as a query parameter's text (the keywords the
// document's filter parameters use).
bool admits(const Document& schema, const std::string& value) {
  if (schema.contains("enum")) {
    return std::find(schema["enum"].begin(), schema["enum"].end(), value) != schema["enum"].end();
  }
  std::string type = schema.value("type", "");
  std::string format = schema.value("format", "");
  if (type == "integer") {
    return value.find_first_not_of("-0123456789") == std::string::npos;
  }
  if (type == "number") {
    return value.find_first_not_of("-0123456789.eE") == std::string::npos;
  }
  if (type == "boolean") {
    return value == "true" || value == "false";
  }
  if (type != "string") {
    return false;
  }
  return format == "uuid"        ? Uuid::parse(value).has_value()
         : format == "date"      ? Date::parse(value).has_value()
         : format == "date-time" ? Timestamp::parse(value).has_value()
         : format == "byte"      ? base64_decode(value).has_value()
                                 : format.empty();
}

// The filter parameters of the model's list operation and their schemas.
std::map<std::string, Document> documented(const Document& document, const ir::Model& model) {
  std::map<std::string, Document> filters;
  const Document& get = document["paths"]["/" + model.path]["get"];
  for (const Document& parameter : get["parameters"]) {
    std::string name = parameter["name"];
    if (name != "limit" && name != "cursor" && name != "sort") {
      filters[name] = parameter["schema"];
    }
  }
  return filters;
}

TEST(FilterContract, TheDocumentListsExactlyTheFiltersTheServiceAccepts) {
  std::ostringstream err;
  FrontEndResult front =
      run_front_end(std::string(SVCGEN_SOURCE_DIR) + "/tests/golden/all_types/service.json", err);
  ASSERT_TRUE(front.service) << err.str();
  Document document = openapi_document(*front.service);
  std::vector<std::string> operators = {"="};
  for (const FilterOperator& op : kFilterOperators) {
    operators.emplace_back(op.name);
  }
  operators.insert(operators.end(), kNoOperators.begin(), kNoOperators.end());
  int checked = 0;
  for (const ir::Model& model : front.service->models) {
    ASSERT_TRUE(model.has(ir::Operation::kList)) << model.name;
    Spec storage(model);
    ListSpec spec = storage.spec();
    std::map<std::string, Document> filters = documented(document, model);
    std::set<std::string> accepted_names;
    for (const ListField& field : spec.fields) {
      for (const std::string& op : operators) {
        std::string name = parameter_name(std::string(field.name), op);
        std::string value = operand(field, op);
        if (!accepted(spec, name, value)) {
          continue;
        }
        accepted_names.insert(name);
        auto found = filters.find(name);
        if (found == filters.end()) {
          ADD_FAILURE() << model.name << ": " << name << " is accepted but not documented";
          continue;
        }
        EXPECT_TRUE(admits(found->second, value))
            << model.name << ": the schema of " << name << " refuses " << value << ": "
            << found->second.dump();
        ++checked;
      }
    }
    for (const auto& [name, schema] : filters) {
      EXPECT_EQ(accepted_names.count(name), 1U)
          << model.name << ": " << name << " is documented but refused";
    }
  }
  EXPECT_GT(checked, 100) << "the golden service has too few filters to check";
}

}  // namespace
}  // namespace svcgen
