// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace svcgen {

// SHA-256 of `data` as 64 lower-case hex digits. Migration checksums use it, in the generator
// (svcgen.sum) and in services (svcgen_schema_migrations.checksum), so both must agree.
std::string sha256_hex(std::string_view data);
// The 32 raw bytes of the digest.
std::string sha256_raw(std::string_view data);
// HMAC-SHA256 (RFC 2104) as lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// HMAC-SHA256 under one key, with the key's two padded blocks hashed once: signing with a fixed
// key then costs two compressions fewer per message.
class HmacSha256 {
 public:
  explicit HmacSha256(std::string_view key);
  std::string hex(std::string_view data) const;

 private:
  std::array<std::uint32_t, 8> inner_;  // the state after the key XOR ipad block
  std::array<std::uint32_t, 8> outer_;  // the state after the key XOR opad block
};

}  // namespace svcgen
