#pragma once

#include <string>
#include <string_view>

namespace svcgen {

// SHA-256 of `data` as 64 lower-case hex digits. Migration checksums use it, in the generator
// (svcgen.sum) and in services (svcgen_schema_migrations.checksum), so both must agree.
std::string sha256_hex(std::string_view data);

}  // namespace svcgen
