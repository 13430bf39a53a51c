#include "ir/sql_type.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace svcgen::ir {
namespace {

constexpr std::array<std::pair<SqlBase, std::string_view>, 14> kBaseNames{{
    {SqlBase::kText, "text"},
    {SqlBase::kVarchar, "varchar"},
    {SqlBase::kInteger, "integer"},
    {SqlBase::kBigint, "bigint"},
    {SqlBase::kReal, "real"},
    {SqlBase::kDoublePrecision, "double precision"},
    {SqlBase::kNumeric, "numeric"},
    {SqlBase::kBoolean, "boolean"},
    {SqlBase::kUuid, "uuid"},
    {SqlBase::kTimestamptz, "timestamptz"},
    {SqlBase::kDate, "date"},
    {SqlBase::kTime, "time"},
    {SqlBase::kJsonb, "jsonb"},
    {SqlBase::kBytea, "bytea"},
}};

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value < 0) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string_view SqlType::base_name() const {
  for (const auto& [candidate, name] : kBaseNames) {
    if (candidate == base) {
      return name;
    }
  }
  return "text";
}

std::string SqlType::render() const {
  switch (base) {
    case SqlBase::kVarchar:
      return "varchar(" + std::to_string(length) + ")";
    case SqlBase::kNumeric:
      return "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    default:
      return std::string(base_name());
  }
}

bool SqlType::is_numeric() const {
  return base == SqlBase::kInteger || base == SqlBase::kBigint || base == SqlBase::kReal ||
         base == SqlBase::kDoublePrecision || base == SqlBase::kNumeric;
}

std::optional<SqlType> parse_sql_type(std::string_view text) {
  std::size_t open = text.find('(');
  std::string_view base = text.substr(0, open);
  for (const auto& [candidate, name] : kBaseNames) {
    if (name != base) {
      continue;
    }
    if (candidate == SqlBase::kVarchar || candidate == SqlBase::kNumeric) {
      if (open == std::string_view::npos || text.back() != ')') {
        return std::nullopt;
      }
      std::string_view inside = text.substr(open + 1, text.size() - open - 2);
      if (candidate == SqlBase::kVarchar) {
        auto length = parse_int(inside);
        return length ? std::optional(SqlType::varchar(*length)) : std::nullopt;
      }
      std::size_t comma = inside.find(',');
      if (comma == std::string_view::npos) {
        return std::nullopt;
      }
      auto precision = parse_int(inside.substr(0, comma));
      auto scale = parse_int(inside.substr(comma + 1));
      return precision && scale ? std::optional(SqlType::numeric(*precision, *scale))
                                : std::nullopt;
    }
    if (open != std::string_view::npos) {
      return std::nullopt;
    }
    return SqlType{candidate};
  }
  return std::nullopt;
}

}  // namespace svcgen::ir
