// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "list_steps.hpp"

#include <set>

namespace svcgen::list_steps {

void apply_sort(const ListSpec& spec, const std::string& sort_text, ListQuery& query) {
  std::set<std::string> sorted;
  if (!sort_text.empty()) {
    for (const std::string& key : split_list_values(sort_text)) {
      bool descending = !key.empty() && key[0] == '-';
      std::string name = descending ? key.substr(1) : key;
      const ListField* field = find_field(spec, name);
      if (!field || !field->sortable) {
        bad("sort", field ? "sorting by " + name + " is not allowed"
                          : name + " is not a field of " + std::string(spec.model));
      }
      if (!sorted.insert(name).second) {
        bad("sort", name + " appears more than once");
      }
      query.order.emplace_back(field, descending);
    }
  }
  if (sorted.count(std::string(spec.primary_key->name)) == 0) {
    query.order.emplace_back(spec.primary_key, false);
  }
  for (const auto& [field, descending] : query.order) {
    query.sort += (query.sort.empty() ? "" : ",") + std::string(descending ? "-" : "") +
                  std::string(field->name);
  }
}

}  // namespace svcgen::list_steps
