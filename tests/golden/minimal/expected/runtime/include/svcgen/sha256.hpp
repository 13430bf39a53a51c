// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

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

}  // namespace svcgen
