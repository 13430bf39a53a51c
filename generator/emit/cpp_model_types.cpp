#include "emit/cpp_model_types.hpp"

#include "ir/field_types.hpp"

namespace svcgen::cpp {

bool has_rule(ir::Type type) {
  ir::LiteralForm form = ir::field_type(type).literal;
  return form == ir::LiteralForm::kText || form == ir::LiteralForm::kInteger ||
         form == ir::LiteralForm::kNumber || form == ir::LiteralForm::kDecimal;
}

std::vector<std::string> integer_bounds(ir::Type type) {
  if (type == ir::Type::kInt32) {
    return {"INT32_MIN", "INT32_MAX"};
  }
  if (type == ir::Type::kInt64) {
    return {"INT64_MIN", "INT64_MAX"};
  }
  return {};
}

}  // namespace svcgen::cpp
