// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Value types of the model format that the standard library lacks. Each parses the exact JSON
// text form of the model format and prints it back canonically, so a value survives a round trip
// through the API and PostgreSQL unchanged. The generator uses the same parsers to check
// defaults and examples, so a model can never declare a value its service would reject.
namespace svcgen {

// An RFC 4122 UUID held as its canonical lower-case text.
class Uuid {
 public:
  static std::optional<Uuid> parse(std::string_view text);
  const std::string& str() const { return text_; }
  auto operator<=>(const Uuid&) const = default;

 private:
  std::string text_;
};

// An exact decimal held as canonical text ("-12.50" stays "-12.50"; "+1" and "01" are refused),
// so no value ever passes through binary floating point.
class Decimal {
 public:
  static std::optional<Decimal> parse(std::string_view text);
  const std::string& str() const { return text_; }
  int integer_digits() const { return integer_digits_; }
  int fraction_digits() const { return fraction_digits_; }
  // Whether PostgreSQL's numeric(precision, scale) stores it without rounding or overflow.
  bool fits(int precision, int scale) const {
    return fraction_digits_ <= scale && integer_digits_ <= precision - scale;
  }
  bool operator==(const Decimal&) const = default;

 private:
  std::string text_;
  int integer_digits_ = 0;
  int fraction_digits_ = 0;
};

// A calendar date, YYYY-MM-DD, years 0001 to 9999.
class Date {
 public:
  static std::optional<Date> parse(std::string_view text);
  std::string str() const;
  // Appends str()'s text without a string of its own (responses write one per row).
  void append_to(std::string& out) const;
  std::chrono::sys_days days() const { return days_; }
  auto operator<=>(const Date&) const = default;

 private:
  std::chrono::sys_days days_{};
};

// A time of day without a zone, HH:MM:SS with up to six fraction digits (RFC 3339 partial-time
// minus leap seconds, which PostgreSQL's time cannot store; 24:00:00 is refused too). It prints
// the way PostgreSQL prints time: no fraction when it is zero, otherwise without trailing zeros
// ("12:30:00.500" -> "12:30:00.5"), so a value reads back from the database as it was written.
class Time {
 public:
  static std::optional<Time> parse(std::string_view text);
  std::string str() const;
  // Appends str()'s text without a string of its own (responses write one per row).
  void append_to(std::string& out) const;
  std::chrono::microseconds since_midnight() const { return since_midnight_; }
  auto operator<=>(const Time&) const = default;

 private:
  std::chrono::microseconds since_midnight_{};
};

// A point in time with PostgreSQL's microsecond precision. Parses RFC 3339 with any offset and
// prints UTC ("2024-01-31T12:00:00.5Z" -> "2024-01-31T12:00:00.500000Z").
class Timestamp {
 public:
  using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;
  static std::optional<Timestamp> parse(std::string_view text);
  static Timestamp from(TimePoint time) {
    Timestamp result;
    result.time_ = time;
    return result;
  }
  std::string str() const;
  // Appends str()'s text without a string of its own (responses write two per row).
  void append_to(std::string& out) const;
  TimePoint time() const { return time_; }
  auto operator<=>(const Timestamp&) const = default;

 private:
  TimePoint time_{};
};

using Bytes = std::vector<std::uint8_t>;

// Standard base64 with padding (RFC 4648 section 4); decoding refuses anything else.
std::string base64_encode(const Bytes& bytes);
std::optional<Bytes> base64_decode(std::string_view text);

bool is_valid_utf8(std::string_view text);
// Length in Unicode code points of valid UTF-8 text: what minLength and maxLength count.
std::size_t utf8_length(std::string_view text);

}  // namespace svcgen
