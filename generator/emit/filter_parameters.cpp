#include "emit/filter_parameters.hpp"

#include "svcgen/filter_operators.hpp"

namespace svcgen {

using Document = nlohmann::ordered_json;

namespace {

Document operand_schema(const FilterOperator& op, const Document& value_schema) {
  switch (op.operand) {
    case FilterOperand::kValue:
      return value_schema;
    case FilterOperand::kBoolean:
      return {{"type", "boolean"}};
    case FilterOperand::kList:
    case FilterOperand::kText:
      return {{"type", "string"}};
  }
  return value_schema;
}

Document parameter(const std::string& name, const std::string& description, Document schema) {
  return {{"name", name}, {"in", "query"}, {"description", description}, {"schema", schema}};
}

}  // namespace

void add_filter_parameters(const FilterField& field, Document& parameters) {
  bool reserved = field.name == "limit" || field.name == "cursor" || field.name == "sort";
  if (!reserved) {
    std::string short_for = field.name + "[" + std::string(kDefaultFilterOperator) + "]";
    const FilterOperator& eq = *find_filter_operator(kDefaultFilterOperator);
    parameters.push_back(
        parameter(field.name, "Short for " + short_for + ".", operand_schema(eq, field.schema)));
  }
  for (const FilterOperator& op : kFilterOperators) {
    if (filter_applies(op, field.kind)) {
      parameters.push_back(parameter(field.name + "[" + std::string(op.name) + "]",
                                     std::string(op.description),
                                     operand_schema(op, field.schema)));
    }
  }
}

}  // namespace svcgen
