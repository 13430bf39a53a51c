// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/list.hpp"

#include <charconv>
#include <set>

#include "list_steps.hpp"
#include "svcgen/http.hpp"
#include "svcgen/problem.hpp"

namespace svcgen {
namespace {

using list_steps::bad;

int parse_limit(const std::string& value) {
  int limit = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
  if (error != std::errc() || end != value.data() + value.size() || limit < 1 ||
      limit > kMaxListLimit) {
    bad("limit", "must be a whole number from 1 to " + std::to_string(kMaxListLimit));
  }
  return limit;
}

std::string order_by(const ListQuery& query) {
  std::string sql = " ORDER BY ";
  for (std::size_t i = 0; i < query.order.size(); ++i) {
    const auto& [field, descending] = query.order[i];
    sql.append(i ? ", " : "")
        .append(field->column)
        .append(descending ? " DESC NULLS FIRST" : " ASC NULLS LAST");
  }
  return sql;
}

}  // namespace

// Filters bind their values in the order of the query string, then the cursor binds its own:
// the cursor's condition depends on the sort, which is only known once every parameter is read.
ListQuery build_list_query(const ListSpec& spec, std::string_view query_string,
                           std::string_view cursor_key) {
  auto parameters = parse_query(query_string);
  if (!parameters) {
    throw ProblemError(400, "the query string is not valid percent-encoding");
  }
  ListQuery query;
  query.model = spec.model;
  std::vector<std::string> conditions;
  if (!spec.live_condition.empty()) {
    conditions.emplace_back(spec.live_condition);
  }
  std::set<std::string> seen;
  std::optional<std::string> cursor;
  std::string sort_text;
  for (const auto& [name, value] : *parameters) {
    if (!seen.insert(name).second) {
      bad(name, "is given more than once");
    }
    if (name == "limit") {
      query.limit = parse_limit(value);
    } else if (name == "cursor") {
      cursor = value;
    } else if (name == "sort") {
      sort_text = value;
    } else {
      conditions.push_back(list_steps::filter_condition(spec, name, value, query));
    }
  }
  list_steps::apply_sort(spec, sort_text, query);
  if (cursor) {
    conditions.push_back(list_steps::cursor_condition(spec, *cursor, cursor_key, query));
  }
  query.sql = std::string(spec.select);
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    query.sql.append(i == 0 ? " WHERE " : " AND ").append(conditions[i]);
  }
  query.sql += order_by(query) + " LIMIT " + std::to_string(query.limit + 1);
  return query;
}

}  // namespace svcgen
