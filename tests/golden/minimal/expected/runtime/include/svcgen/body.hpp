// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/http.hpp"
#include "svcgen/pattern.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/values.hpp"

// Reading request bodies into typed inputs with every validation of the model format, each
// failure recorded with the JSON pointer of the property so one 422 lists all of them.
namespace svcgen {

struct Rule {
  std::optional<std::int64_t> min_length{};
  std::optional<std::int64_t> max_length{};
  const Pattern* pattern = nullptr;  // compiled once, at start-up; null: none
  std::string_view minimum{};        // numeric literal, inclusive; empty: none
  std::string_view maximum{};
  int precision = 0;  // decimals
  int scale = 0;
};

// The body as a JSON object; anything else answers 400 (malformed JSON, not an object).
// Objects and arrays nested deeper than this in a request body answer 400.
inline constexpr int kMaxBodyDepth = 512;

nlohmann::json parse_json_body(const Request& request);

// Whether `name` is one of the lines of `lines`.
bool listed(std::string_view lines, std::string_view name);

// -1, 0 or 1 comparing two plain numeric literals exactly ("-0.5" < "10").
int compare_numbers(std::string_view a, std::string_view b);

// What a model's input may hold; the lists have one property name per line.
struct PropertyNames {
  std::string_view model;
  std::string_view writable;
  std::string_view read_only;
};

class BodyReader {
 public:
  BodyReader(const nlohmann::json& body, std::vector<FieldError>& errors)
      : body_(body), errors_(errors) {}

  // Properties that are not writable: read-only ones and unknown ones (named as such).
  void check_properties(const PropertyNames& names);

  Input<std::string> string(std::string_view name, const Rule& rule);
  Input<std::int32_t> int32(std::string_view name, const Rule& rule);
  Input<std::int64_t> int64(std::string_view name, const Rule& rule);
  Input<float> float32(std::string_view name, const Rule& rule);
  Input<double> float64(std::string_view name, const Rule& rule);
  Input<Decimal> decimal(std::string_view name, const Rule& rule);
  Input<bool> boolean(std::string_view name);
  Input<Uuid> uuid(std::string_view name);
  Input<Timestamp> timestamp(std::string_view name);
  Input<Date> date(std::string_view name);
  Input<Time> time(std::string_view name);
  Input<nlohmann::json> json(std::string_view name);
  Input<Bytes> bytes(std::string_view name);
  template <typename Enum>
  Input<Enum> enumeration(std::string_view name, std::optional<Enum> (*parse)(std::string_view),
                          std::string_view allowed) {
    const nlohmann::json* value = find(name);
    if (!value) {
      return {};
    }
    if (value->is_null()) {
      return Input<Enum>::make_null();
    }
    std::optional<Enum> parsed =
        value->is_string() ? parse(value->get_ref<const std::string&>()) : std::nullopt;
    if (!parsed) {
      fail(name, "must be one of " + std::string(allowed));
      return {};
    }
    return Input<Enum>::of(*parsed);
  }

  // A field that must be given (create, replace): absent -> "is required".
  template <typename T>
  T required(std::string_view name, const Input<T>& input) {
    if (input.absent() && !has_error(name)) {
      fail(name, "is required");
    } else if (input.null()) {
      fail(name, "must not be null");
    }
    return input.value;
  }
  // A field that may be absent but not null (patch of a required field).
  template <typename T>
  Input<T> not_null(std::string_view name, Input<T> input) {
    if (input.null()) {
      fail(name, "must not be null");
      return {};
    }
    return input;
  }

  void fail(std::string_view name, std::string message);
  bool ok() const { return errors_.empty(); }

 private:
  const nlohmann::json* find(std::string_view name) const;
  bool has_error(std::string_view name) const;
  bool check_string(std::string_view name, const std::string& text, const Rule& rule);
  bool check_range(std::string_view name, std::string_view number, const Rule& rule);

  const nlohmann::json& body_;
  std::vector<FieldError>& errors_;
};

}  // namespace svcgen
