// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/json_writer.hpp"

#include <array>
#include <charconv>

namespace svcgen {
namespace {

// Bytes of the UTF-8 sequence `text` starts with, or 0 when it is not a valid one (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  auto continuation = [&](std::size_t i, unsigned char low = 0x80, unsigned char high = 0xBF) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) {
    return continuation(1) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void JsonWriter::integer(std::int64_t value) {
  std::array<char, 24> digits;
  auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  (void)error;  // 24 characters hold every int64
  raw(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
}

void JsonWriter::string(std::string_view value) {
  separate();
  out_ += '"';
  std::size_t plain_from = 0;
  auto flush = [&](std::size_t to) { out_.append(value.substr(plain_from, to - plain_from)); };
  for (std::size_t i = 0; i < value.size();) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t length = utf8_sequence_length(value.substr(i));
      if (length > 0) {
        i += length;
        continue;
      }
    }
    flush(i);
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        if (c < 0x20) {
          constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xF];
        } else {
          out_ += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
        }
    }
    ++i;
    plain_from = i;
  }
  flush(value.size());
  out_ += '"';
  need_comma_ = true;
}

void write_json_value(JsonWriter& out, float value) { out.raw(nlohmann::json(value).dump()); }

void write_json_value(JsonWriter& out, double value) { out.raw(nlohmann::json(value).dump()); }

void write_json_value(JsonWriter& out, const nlohmann::json& value) {
  out.raw(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void write_json_value(JsonWriter& out, const Bytes& value) { out.string(base64_encode(value)); }

}  // namespace svcgen
