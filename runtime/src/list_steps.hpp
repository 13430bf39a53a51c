#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "svcgen/list.hpp"

// The steps of build_list_query(), one file each: filters (list_filter.cpp), sort
// (list_sort.cpp) and the cursor (list_cursor.cpp), over the field values of list_values.cpp.
// Each step appends its bound values to the query's parameters in the order it renders them.
namespace svcgen::list_steps {

// Refuses the request with 400, naming `parameter`.
[[noreturn]] void bad(const std::string& parameter, const std::string& message);

const ListField* find_field(const ListSpec& spec, std::string_view name);

// Appends `value` to the query's parameters; its placeholder cast to `cast`, e.g. "$3::bigint".
std::string bind_value(ListQuery& query, std::string value, std::string_view cast);

// A query value as the parameter text for the field's type; nothing when it does not parse.
std::optional<std::string> parse_value(const ListField& field, const std::string& text);

// What parse_value() accepts for the field, for messages: "an integer in range".
std::string expected_value(const ListField& field);

// The condition of the filter `parameter=value` (`field` or `field[op]`).
std::string filter_condition(const ListSpec& spec, const std::string& parameter,
                             const std::string& value, ListQuery& query);

// Fills query.order and query.sort from the `sort` parameter (empty when absent), with the
// primary key last so that every row has one place in the order.
void apply_sort(const ListSpec& spec, const std::string& sort_text, ListQuery& query);

// The condition selecting the rows after the cursor's row in query.order.
std::string cursor_condition(const ListSpec& spec, const std::string& cursor,
                             std::string_view cursor_key, ListQuery& query);

}  // namespace svcgen::list_steps
