// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/body.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace svcgen {
namespace {

std::string pointer_of(std::string_view name) {
  std::string pointer = "/";
  for (char c : name) {
    pointer += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  }
  return pointer;
}

bool plain_number(std::string_view text) {
  return !text.empty() && text.find_first_of("eE") == std::string_view::npos;
}

}  // namespace

int compare_numbers(std::string_view a, std::string_view b) {
  if (!plain_number(a) || !plain_number(b)) {
    long double x = std::stold(std::string(a));
    long double y = std::stold(std::string(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  bool a_negative = a.front() == '-';
  bool b_negative = b.front() == '-';
  if (a_negative) {
    a.remove_prefix(1);
  }
  if (b_negative) {
    b.remove_prefix(1);
  }
  auto split = [](std::string_view text) {
    std::size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    while (whole.size() > 1 && whole.front() == '0') {
      whole.remove_prefix(1);
    }
    while (!fraction.empty() && fraction.back() == '0') {
      fraction.remove_suffix(1);
    }
    return std::pair{whole, fraction};
  };
  auto [a_whole, a_fraction] = split(a);
  auto [b_whole, b_fraction] = split(b);
  bool a_zero = a_whole == "0" && a_fraction.empty();
  bool b_zero = b_whole == "0" && b_fraction.empty();
  a_negative = a_negative && !a_zero;
  b_negative = b_negative && !b_zero;
  if (a_negative != b_negative) {
    return a_negative ? -1 : 1;
  }
  int magnitude;
  if (a_whole.size() != b_whole.size()) {
    magnitude = a_whole.size() < b_whole.size() ? -1 : 1;
  } else if (int c = a_whole.compare(b_whole); c != 0) {
    magnitude = c < 0 ? -1 : 1;
  } else {
    int c2 = a_fraction.compare(b_fraction);
    magnitude = c2 < 0 ? -1 : c2 > 0 ? 1 : 0;
  }
  return a_negative ? -magnitude : magnitude;
}

nlohmann::json parse_json_body(const Request& request) {
  nlohmann::json body;
  // nlohmann keeps the last of duplicate keys; a client that sends two values for one field
  // never means that, so the request is refused (RFC 8259 leaves it to the receiver).
  std::vector<std::set<std::string>> open_objects;
  std::optional<std::string> duplicate;
  // Parsing is iterative, but writing a value back (to PostgreSQL, in a response) recurses once
  // per level: a 1 MB body of nested arrays would overflow the stack.
  bool too_deep = false;
  auto track = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    too_deep = too_deep || depth > kMaxBodyDepth;
    if (event == Event::object_start) {
      open_objects.emplace_back();
    } else if (event == Event::object_end && !open_objects.empty()) {
      open_objects.pop_back();
    } else if (event == Event::key && !open_objects.empty() && !duplicate &&
               !open_objects.back().insert(parsed.get<std::string>()).second) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  try {
    body = nlohmann::json::parse(request.body, track);
  } catch (const nlohmann::json::exception& error) {
    // parse_error for syntax, out_of_range for numbers no double holds (1e400).
    std::string what = error.what();
    throw ProblemError(400, "the body is not valid JSON: " + what.substr(what.find(']') + 2));
  }
  if (too_deep) {
    throw ProblemError(
        400, "the body is nested deeper than " + std::to_string(kMaxBodyDepth) + " levels");
  }
  if (duplicate) {
    throw ProblemError(400, "the body has the key \"" + *duplicate + "\" more than once");
  }
  if (!body.is_object()) {
    throw ProblemError(400, "the body must be a JSON object");
  }
  return body;
}

void BodyReader::fail(std::string_view name, std::string message) {
  errors_.push_back({pointer_of(name), std::move(message)});
}

bool BodyReader::has_error(std::string_view name) const {
  std::string pointer = pointer_of(name);
  return std::any_of(errors_.begin(), errors_.end(),
                     [&](const FieldError& error) { return error.pointer == pointer; });
}

const nlohmann::json* BodyReader::find(std::string_view name) const {
  auto found = body_.find(std::string(name));
  return found == body_.end() ? nullptr : &*found;
}

bool listed(std::string_view lines, std::string_view name) {
  std::size_t start = 0;
  while (start <= lines.size()) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) {
      end = lines.size();
    }
    if (lines.substr(start, end - start) == name && !name.empty()) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

void BodyReader::check_properties(const PropertyNames& names) {
  for (const auto& [key, value] : body_.items()) {
    if (listed(names.writable, key)) {
      continue;
    }
    if (listed(names.read_only, key)) {
      fail(key, "is read-only");
    } else {
      fail(key, "is not a property of " + std::string(names.model));
    }
  }
}

bool BodyReader::check_string(std::string_view name, const std::string& text, const Rule& rule) {
  if (text.find('\0') != std::string::npos) {
    fail(name, "must not contain U+0000");
    return false;
  }
  std::size_t length = utf8_length(text);
  if (rule.min_length && static_cast<std::int64_t>(length) < *rule.min_length) {
    fail(name, "must be at least " + std::to_string(*rule.min_length) +
                   (*rule.min_length == 1 ? " character long" : " characters long"));
    return false;
  }
  if (rule.max_length && static_cast<std::int64_t>(length) > *rule.max_length) {
    fail(name, "must be at most " + std::to_string(*rule.max_length) +
                   (*rule.max_length == 1 ? " character long" : " characters long"));
    return false;
  }
  if (rule.pattern != nullptr && !rule.pattern->search(text)) {
    fail(name, "must match the pattern " + rule.pattern->source());
    return false;
  }
  return true;
}

bool BodyReader::check_range(std::string_view name, std::string_view number, const Rule& rule) {
  if (!rule.minimum.empty() && compare_numbers(number, rule.minimum) < 0) {
    fail(name, "must be at least " + std::string(rule.minimum));
    return false;
  }
  if (!rule.maximum.empty() && compare_numbers(number, rule.maximum) > 0) {
    fail(name, "must be at most " + std::string(rule.maximum));
    return false;
  }
  return true;
}

Input<std::string> BodyReader::string(std::string_view name, const Rule& rule) {
  const nlohmann::json* value = find(name);
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<std::string>::make_null();
  }
  if (!value->is_string()) {
    fail(name, "must be a string");
    return {};
  }
  const std::string& text = value->get_ref<const std::string&>();
  if (!check_string(name, text, rule)) {
    return {};
  }
  return Input<std::string>::of(text);
}

namespace {

template <typename Integer>
Input<Integer> read_integer(
    BodyReader& reader, const nlohmann::json* value, std::string_view name, const Rule& rule,
    std::string_view type,
    const std::function<bool(std::string_view, std::string_view, const Rule&)>& check_range) {
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<Integer>::make_null();
  }
  if (!value->is_number_integer()) {
    reader.fail(name, "must be an integer");
    return {};
  }
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<Integer>::max())) {
    reader.fail(name, "is out of range for " + std::string(type));
    return {};
  }
  std::int64_t number = value->get<std::int64_t>();
  if (number < std::numeric_limits<Integer>::min() ||
      number > std::numeric_limits<Integer>::max()) {
    reader.fail(name, "is out of range for " + std::string(type));
    return {};
  }
  if (!check_range(name, std::to_string(number), rule)) {
    return {};
  }
  return Input<Integer>::of(static_cast<Integer>(number));
}

}  // namespace

Input<std::int32_t> BodyReader::int32(std::string_view name, const Rule& rule) {
  return read_integer<std::int32_t>(*this, find(name), name, rule, "int32",
                                    [this](std::string_view n, std::string_view v, const Rule& r) {
                                      return check_range(n, v, r);
                                    });
}

Input<std::int64_t> BodyReader::int64(std::string_view name, const Rule& rule) {
  return read_integer<std::int64_t>(*this, find(name), name, rule, "int64",
                                    [this](std::string_view n, std::string_view v, const Rule& r) {
                                      return check_range(n, v, r);
                                    });
}

Input<double> BodyReader::float64(std::string_view name, const Rule& rule) {
  const nlohmann::json* value = find(name);
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<double>::make_null();
  }
  if (!value->is_number()) {
    fail(name, "must be a number");
    return {};
  }
  double number = value->get<double>();
  if (!std::isfinite(number)) {
    fail(name, "must be a finite number");
    return {};
  }
  if (!check_range(name, pg_text(number), rule)) {
    return {};
  }
  return Input<double>::of(number);
}

Input<float> BodyReader::float32(std::string_view name, const Rule& rule) {
  Input<double> wide = float64(name, rule);
  if (!wide.has_value()) {
    return wide.null() ? Input<float>::make_null() : Input<float>{};
  }
  if (std::fabs(wide.value) > std::numeric_limits<float>::max()) {
    fail(name, "is out of range for float32");
    return {};
  }
  return Input<float>::of(static_cast<float>(wide.value));
}

Input<Decimal> BodyReader::decimal(std::string_view name, const Rule& rule) {
  const nlohmann::json* value = find(name);
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<Decimal>::make_null();
  }
  if (!value->is_string()) {
    fail(name, value->is_number()
                   ? "must be a decimal string such as \"19.99\": a JSON number cannot be exact"
                   : "must be a decimal string such as \"19.99\"");
    return {};
  }
  std::optional<Decimal> decimal = Decimal::parse(value->get_ref<const std::string&>());
  if (!decimal) {
    fail(name, "must be a decimal string such as \"19.99\"");
    return {};
  }
  if (rule.precision > 0 && !decimal->fits(rule.precision, rule.scale)) {
    fail(name, "must have at most " + std::to_string(rule.precision - rule.scale) +
                   " digits before the decimal point and " + std::to_string(rule.scale) +
                   " after it");
    return {};
  }
  if (!check_range(name, decimal->str(), rule)) {
    return {};
  }
  return Input<Decimal>::of(*decimal);
}

Input<bool> BodyReader::boolean(std::string_view name) {
  const nlohmann::json* value = find(name);
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<bool>::make_null();
  }
  if (!value->is_boolean()) {
    fail(name, "must be true or false");
    return {};
  }
  return Input<bool>::of(value->get<bool>());
}

namespace {

template <typename T>
Input<T> read_parsed(BodyReader& reader, const nlohmann::json* value, std::string_view name,
                     std::optional<T> (*parse)(std::string_view), std::string_view expected) {
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<T>::make_null();
  }
  std::optional<T> parsed =
      value->is_string() ? parse(value->get_ref<const std::string&>()) : std::nullopt;
  if (!parsed) {
    reader.fail(name, "must be " + std::string(expected));
    return {};
  }
  return Input<T>::of(*parsed);
}

}  // namespace

Input<Uuid> BodyReader::uuid(std::string_view name) {
  return read_parsed<Uuid>(*this, find(name), name, &Uuid::parse, "a UUID");
}

Input<Timestamp> BodyReader::timestamp(std::string_view name) {
  return read_parsed<Timestamp>(*this, find(name), name, &Timestamp::parse,
                                "an RFC 3339 timestamp such as \"2024-01-31T12:00:00Z\"");
}

Input<Date> BodyReader::date(std::string_view name) {
  return read_parsed<Date>(*this, find(name), name, &Date::parse, "a date such as \"2024-01-31\"");
}

Input<Time> BodyReader::time(std::string_view name) {
  return read_parsed<Time>(*this, find(name), name, &Time::parse,
                           "a time of day such as \"12:30:00\"");
}

Input<nlohmann::json> BodyReader::json(std::string_view name) {
  const nlohmann::json* value = find(name);
  if (!value) {
    return {};
  }
  if (value->is_null()) {
    return Input<nlohmann::json>::make_null();
  }
  // PostgreSQL's jsonb cannot hold U+0000 in strings.
  if (value->dump().find("\\u0000") != std::string::npos) {
    fail(name, "must not contain U+0000");
    return {};
  }
  return Input<nlohmann::json>::of(*value);
}

Input<Bytes> BodyReader::bytes(std::string_view name) {
  return read_parsed<Bytes>(*this, find(name), name, &base64_decode,
                            "standard base64 with padding (RFC 4648)");
}

}  // namespace svcgen
