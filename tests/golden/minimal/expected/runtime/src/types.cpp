// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/types.hpp"

#include <array>
#include <charconv>
#include <string>

#include "svcgen/text.hpp"

namespace svcgen {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `start`, or -1.
int digits_at(std::string_view text, std::size_t start, std::size_t count) {
  if (start + count > text.size()) {
    return -1;
  }
  int value = 0;
  for (std::size_t i = start; i < start + count; ++i) {
    if (!is_digit(text[i])) {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<std::chrono::sys_days> parse_ymd(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int year = digits_at(text, 0, 4);
  int month = digits_at(text, 5, 2);
  int day = digits_at(text, 8, 2);
  if (year < 1 || month < 1 || day < 1) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year(year),
                                   std::chrono::month(static_cast<unsigned>(month)),
                                   std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) {
    return std::nullopt;
  }
  return std::chrono::sys_days(date);
}

// Writes `value` (0 <= value < 10^width) as exactly `width` digits at `at`.
void put_digits(char* at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) {
    at[i] = static_cast<char>('0' + value % 10);
  }
}

void append_ymd(std::string& out, std::chrono::sys_days days) {
  std::chrono::year_month_day date(days);
  int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) {  // beyond ISO 8601's four digits: printf's rules
    append_padded(out, year, 4);
    out += '-';
    append_padded(out, static_cast<unsigned>(date.month()), 2);
    out += '-';
    append_padded(out, static_cast<unsigned>(date.day()), 2);
    return;
  }
  char text[10] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0};
  put_digits(text, static_cast<unsigned>(year), 4);
  put_digits(text + 5, static_cast<unsigned>(date.month()), 2);
  put_digits(text + 8, static_cast<unsigned>(date.day()), 2);
  out.append(text, sizeof text);
}

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (is_digit(c)) {
    return c - '0' + 52;
  }
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) {
    return std::nullopt;
  }
  Uuid uuid;
  uuid.text_.reserve(36);
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : hex_digit_value(text[i]) < 0) {
      return std::nullopt;
    }
    char c = text[i];
    uuid.text_ += (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return uuid;
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') {
    ++i;
  }
  std::size_t whole_start = i;
  while (i < text.size() && is_digit(text[i])) {
    ++i;
  }
  std::size_t whole_length = i - whole_start;
  if (whole_length == 0 || (whole_length > 1 && text[whole_start] == '0')) {
    return std::nullopt;
  }
  Decimal decimal;
  decimal.integer_digits_ = text[whole_start] == '0' ? 0 : static_cast<int>(whole_length);
  if (i < text.size() && text[i] == '.') {
    std::size_t fraction_start = ++i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
    }
    decimal.fraction_digits_ = static_cast<int>(i - fraction_start);
    if (decimal.fraction_digits_ == 0) {
      return std::nullopt;
    }
  }
  if (i != text.size()) {
    return std::nullopt;
  }
  decimal.text_ = std::string(text);
  return decimal;
}

std::optional<Date> Date::parse(std::string_view text) {
  std::optional<std::chrono::sys_days> days = parse_ymd(text);
  if (!days) {
    return std::nullopt;
  }
  Date date;
  date.days_ = *days;
  return date;
}

std::string Date::str() const {
  std::string out;
  append_to(out);
  return out;
}

void Date::append_to(std::string& out) const { append_ymd(out, days_); }

std::optional<Time> Time::parse(std::string_view text) {
  if (text.size() < 8 || text[2] != ':' || text[5] != ':') {
    return std::nullopt;
  }
  int hour = digits_at(text, 0, 2);
  int minute = digits_at(text, 3, 2);
  int second = digits_at(text, 6, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  std::int64_t micros = 0;
  if (text.size() > 8) {
    std::size_t digits = text.size() - 9;
    if (text[8] != '.' || digits < 1 || digits > 6) {
      return std::nullopt;
    }
    int fraction = digits_at(text, 9, digits);
    if (fraction < 0) {
      return std::nullopt;
    }
    micros = fraction;
    for (std::size_t i = digits; i < 6; ++i) {
      micros *= 10;
    }
  }
  Time time;
  time.since_midnight_ = std::chrono::hours(hour) + std::chrono::minutes(minute) +
                         std::chrono::seconds(second) + std::chrono::microseconds(micros);
  return time;
}

std::string Time::str() const {
  std::string out;
  append_to(out);
  return out;
}

void Time::append_to(std::string& out) const {
  std::chrono::hh_mm_ss<std::chrono::microseconds> clock(since_midnight_);
  char text[15] = {0, 0, ':', 0, 0, ':', 0, 0, '.', 0, 0, 0, 0, 0, 0};
  put_digits(text, static_cast<unsigned>(clock.hours().count()), 2);
  put_digits(text + 3, static_cast<unsigned>(clock.minutes().count()), 2);
  put_digits(text + 6, static_cast<unsigned>(clock.seconds().count()), 2);
  put_digits(text + 9, static_cast<unsigned>(clock.subseconds().count()), 6);
  std::size_t length = sizeof text;
  while (text[length - 1] == '0') {
    --length;
  }
  out.append(text, text[length - 1] == '.' ? length - 1 : length);
}

std::optional<Timestamp> Timestamp::parse(std::string_view text) {
  if (text.size() < 20) {
    return std::nullopt;
  }
  std::optional<std::chrono::sys_days> days = parse_ymd(text.substr(0, 10));
  char separator = text[10];
  if (!days || (separator != 'T' && separator != 't' && separator != ' ') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  int hour = digits_at(text, 11, 2);
  int minute = digits_at(text, 14, 2);
  int second = digits_at(text, 17, 2);
  // Second 60 is a leap second; like PostgreSQL, it rolls over into the next minute.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  std::size_t i = 19;
  std::int64_t micros = 0;
  if (i < text.size() && text[i] == '.') {
    std::size_t start = ++i;
    std::int64_t scale = 100000;
    bool round_up = false;
    while (i < text.size() && is_digit(text[i])) {
      if (scale > 0) {
        micros += (text[i] - '0') * scale;
        scale /= 10;
      } else if (i - start == 6) {
        round_up = text[i] >= '5';
      }
      ++i;
    }
    if (i == start) {
      return std::nullopt;
    }
    micros += round_up ? 1 : 0;
  }
  std::string_view zone = text.substr(i);
  std::chrono::minutes offset{0};
  if (zone != "Z" && zone != "z") {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') {
      return std::nullopt;
    }
    int zone_hour = digits_at(zone, 1, 2);
    int zone_minute = digits_at(zone, 4, 2);
    if (zone_hour < 0 || zone_hour > 23 || zone_minute < 0 || zone_minute > 59) {
      return std::nullopt;
    }
    offset = std::chrono::minutes(zone_hour * 60 + zone_minute) * (zone[0] == '-' ? -1 : 1);
  }
  Timestamp timestamp;
  timestamp.time_ = std::chrono::time_point_cast<std::chrono::microseconds>(*days) +
                    std::chrono::hours(hour) + std::chrono::minutes(minute) +
                    std::chrono::seconds(second) + std::chrono::microseconds(micros) - offset;
  return timestamp;
}

std::string Timestamp::str() const {
  std::string out;
  append_to(out);
  return out;
}

void Timestamp::append_to(std::string& out) const {
  auto days = std::chrono::floor<std::chrono::days>(time_);
  std::chrono::hh_mm_ss<std::chrono::microseconds> clock(time_ - days);
  append_ymd(out, std::chrono::sys_days(days));
  char text[17] = {'T', 0, 0, ':', 0, 0, ':', 0, 0, '.', 0, 0, 0, 0, 0, 0, 'Z'};
  put_digits(text + 1, static_cast<unsigned>(clock.hours().count()), 2);
  put_digits(text + 4, static_cast<unsigned>(clock.minutes().count()), 2);
  put_digits(text + 7, static_cast<unsigned>(clock.seconds().count()), 2);
  put_digits(text + 10, static_cast<unsigned>(clock.subseconds().count()), 6);
  out.append(text, sizeof text);
}

std::string base64_encode(const Bytes& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t chunk = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      chunk |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      chunk |= bytes[i + 2];
    }
    out += kBase64Alphabet[(chunk >> 18) & 63];
    out += kBase64Alphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64Alphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64Alphabet[chunk & 63] : '=';
  }
  return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int padding = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
    if (padding == 1 && text[i + 2] == '=') {
      return std::nullopt;
    }
    std::uint32_t chunk = 0;
    for (int j = 0; j < 4; ++j) {
      int value = j >= 4 - padding ? 0 : base64_value(text[i + static_cast<std::size_t>(j)]);
      if (value < 0) {
        return std::nullopt;
      }
      chunk = (chunk << 6) | static_cast<std::uint32_t>(value);
    }
    // Bits below the last encoded byte must be zero, so every byte string has one encoding.
    if ((padding == 1 && (chunk & 0xFF) != 0) || (padding == 2 && (chunk & 0xFFFF) != 0)) {
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(chunk >> 16));
    if (padding < 2) {
      out.push_back(static_cast<std::uint8_t>((chunk >> 8) & 0xFF));
    }
    if (padding < 1) {
      out.push_back(static_cast<std::uint8_t>(chunk & 0xFF));
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    int extra = lead >= 0xF0 && lead <= 0xF4  ? 3
                : lead >= 0xE0 && lead < 0xF0 ? 2
                : lead >= 0xC2 && lead < 0xE0 ? 1
                                              : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) {
      return false;
    }
    std::uint32_t code_point = lead & (0x3Fu >> extra);
    for (int j = 1; j <= extra; ++j) {
      auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(j)]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if ((extra == 2 && code_point < 0x800) || (extra == 3 && code_point < 0x10000) ||
        (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

}  // namespace svcgen
