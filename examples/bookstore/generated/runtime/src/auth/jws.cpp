// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/jws.hpp"

#include <array>
#include <utility>

namespace svcgen::auth {
namespace {

constexpr std::array<std::pair<std::string_view, JwsAlgorithm>, 8> kAlgorithms = {{
    {"RS256", JwsAlgorithm::kRs256},
    {"RS384", JwsAlgorithm::kRs384},
    {"RS512", JwsAlgorithm::kRs512},
    {"PS256", JwsAlgorithm::kPs256},
    {"ES256", JwsAlgorithm::kEs256},
    {"ES384", JwsAlgorithm::kEs384},
    {"EdDSA", JwsAlgorithm::kEdDsa},
    {"HS256", JwsAlgorithm::kHs256},
}};

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  return c == '-' ? 62 : c == '_' ? 63 : -1;
}

std::optional<nlohmann::json> json_object(std::string_view part) {
  std::optional<Bytes> bytes = base64url_decode(part);
  if (!bytes) {
    return std::nullopt;
  }
  nlohmann::json value = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<JwsAlgorithm> jws_algorithm(std::string_view name) {
  for (const auto& [text, algorithm] : kAlgorithms) {
    if (text == name) {
      return algorithm;
    }
  }
  return std::nullopt;
}

std::string_view jws_algorithm_name(JwsAlgorithm algorithm) {
  for (const auto& [text, known] : kAlgorithms) {
    if (known == algorithm) {
      return text;
    }
  }
  return "";
}

// RFC 7515 section 2: no padding, no line breaks, and the unused low bits of the last character
// zero, so that one value has one spelling.
std::optional<Bytes> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  Bytes bytes;
  bytes.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = base64url_value(c);
    if (value < 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xff));
    }
  }
  if ((buffer & ((1U << bits) - 1)) != 0) {
    return std::nullopt;
  }
  return bytes;
}

std::optional<CompactJws> parse_compact_jws(std::string_view token, std::string& error) {
  std::size_t first = token.find('.');
  std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    error = "the token is not three dot-separated parts";
    return std::nullopt;
  }
  CompactJws jws;
  std::optional<nlohmann::json> header = json_object(token.substr(0, first));
  if (!header) {
    error = "the token's header is not base64url-encoded JSON object";
    return std::nullopt;
  }
  auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) {
    error = "the token's header has no \"alg\"";
    return std::nullopt;
  }
  auto kid = header->find("kid");
  if (kid != header->end() && !kid->is_string()) {
    error = "the token's \"kid\" is not a string";
    return std::nullopt;
  }
  if (header->contains("crit")) {
    error = "the token's header has \"crit\" extensions, which are not supported";
    return std::nullopt;
  }
  std::optional<nlohmann::json> claims = json_object(token.substr(first + 1, second - first - 1));
  if (!claims) {
    error = "the token's payload is not a base64url-encoded JSON object";
    return std::nullopt;
  }
  std::optional<Bytes> signature = base64url_decode(token.substr(second + 1));
  if (!signature) {
    error = "the token's signature is not base64url";
    return std::nullopt;
  }
  jws.alg = alg->get<std::string>();
  if (kid != header->end()) {
    jws.kid = kid->get<std::string>();
  }
  jws.header = std::move(*header);
  jws.claims = std::move(*claims);
  jws.signing_input = token.substr(0, second);
  jws.signature = std::move(*signature);
  return jws;
}

}  // namespace svcgen::auth
