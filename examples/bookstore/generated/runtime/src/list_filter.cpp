// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "list_steps.hpp"

#include <vector>

#include "svcgen/filter_operators.hpp"
#include "svcgen/text.hpp"

namespace svcgen::list_steps {
namespace {

std::string like_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string array_literal(const std::vector<std::string>& values) {
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += i ? ",\"" : "\"";
    for (char c : values[i]) {
      if (c == '"' || c == '\\') {
        text += '\\';
      }
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

// The operator's SQL with its placeholders filled in.
std::string render(std::string_view sql, std::string_view column, std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < sql.size();) {
    if (sql.substr(i).starts_with("{column}")) {
      out += column;
      i += 8;
    } else if (sql.substr(i).starts_with("{value}")) {
      out += value;
      i += 7;
    } else {
      out += sql[i++];
    }
  }
  return out;
}

std::string operator_names() {
  std::string names;
  for (const FilterOperator& op : kFilterOperators) {
    names.append(names.empty() ? "" : ", ").append(op.name);
  }
  return names;
}

// A parameter as field name and operator: "price[gte]" or "price", short for "price[eq]".
struct Filter {
  std::string field_name;
  std::string op;
};

Filter split_parameter(const std::string& parameter) {
  std::size_t bracket = parameter.find('[');
  if (bracket == std::string::npos) {
    return {parameter, std::string(kDefaultFilterOperator)};
  }
  if (parameter.back() != ']' || bracket == 0) {
    bad(parameter, "is not a parameter of this list (filters are field[op]=value)");
  }
  return {parameter.substr(0, bracket),
          parameter.substr(bracket + 1, parameter.size() - bracket - 2)};
}

void check_applies(const std::string& parameter, const FilterOperator& op, const ListField& field) {
  if (filter_applies(op, field.kind)) {
    return;
  }
  bad(parameter, op.applies == FilterApplies::kTextual
                     ? concat({"operator ", op.name, " applies only to strings"})
                     : concat({"operator ", op.name, " does not apply to ", field.name}));
}

// The bound operand of `op`, or nothing for a boolean operand (whose value picks the SQL).
std::string bind_operand(const std::string& parameter, const FilterOperator& op,
                         const ListField& field, const std::string& value, ListQuery& query) {
  auto typed = [&](const std::string& text) {
    std::optional<std::string> parsed = parse_value(field, text);
    if (!parsed) {
      bad(parameter, "must be " + expected_value(field));
    }
    return *parsed;
  };
  switch (op.operand) {
    case FilterOperand::kValue:
      return bind_value(query, typed(value), field.cast);
    case FilterOperand::kList: {
      std::vector<std::string> members;
      for (const std::string& member : split_list_values(value)) {
        members.push_back(typed(member));
      }
      return bind_value(query, array_literal(members), concat({field.cast, "[]"}));
    }
    case FilterOperand::kBoolean:
      if (value != "true" && value != "false") {
        bad(parameter, "must be true or false");
      }
      return "";
    case FilterOperand::kText:
      return bind_value(query, like_escape(typed(value)), "text");
  }
  return "";
}

}  // namespace

std::string filter_condition(const ListSpec& spec, const std::string& parameter,
                             const std::string& value, ListQuery& query) {
  Filter filter = split_parameter(parameter);
  const ListField* field = find_field(spec, filter.field_name);
  if (!field) {
    bad(parameter, "is not a parameter of this list");
  }
  if (!field->filterable) {
    bad(parameter, "filtering on " + filter.field_name + " is not allowed");
  }
  const FilterOperator* op = find_filter_operator(filter.op);
  if (!op) {
    bad(parameter, concat({"unknown operator \"", filter.op, "\" (use ", operator_names(), ")"}));
  }
  check_applies(parameter, *op, *field);
  std::string bound = bind_operand(parameter, *op, *field, value, query);
  bool if_false = op->operand == FilterOperand::kBoolean && value == "false";
  return render(if_false ? op->sql_if_false : op->sql, field->column, bound);
}

}  // namespace svcgen::list_steps
