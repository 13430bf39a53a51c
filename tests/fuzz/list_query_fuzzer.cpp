// List requests: arbitrary query strings (filters, sort, limit, cursor), and arbitrary cursor
// payloads signed with the service's key so they get past the signature to the decoding. Each
// must end in a query or a 400 problem; the values never reach the SQL text.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "svcgen/list.hpp"
#include "svcgen/problem.hpp"
#include "svcgen/sha256.hpp"
#include "svcgen/types.hpp"

namespace {

using svcgen::ValueKind;
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// One field of every kind a list can filter and sort on.
constexpr std::array kFields = {
    svcgen::list_field("id", "id", "bigint", ValueKind::kInteger, false, true, true, 0, "", kMin,
                       kMax),
    svcgen::list_field("name", "name", "text", ValueKind::kString, false, true, true, 1, "", 0, 0),
    svcgen::list_field("rating", "rating", "integer", ValueKind::kInteger, true, true, true, 2, "",
                       -2147483648LL, 2147483647LL),
    svcgen::list_field("score", "score", "double precision", ValueKind::kFloat, true, true, true, 3,
                       "", 0, 0),
    svcgen::list_field("price", "price", "numeric", ValueKind::kDecimal, true, true, true, 4, "", 0,
                       0),
    svcgen::list_field("active", "active", "boolean", ValueKind::kBool, false, true, true, 5, "", 0,
                       0),
    svcgen::list_field("ref", "ref", "uuid", ValueKind::kUuid, true, true, true, 6, "", 0, 0),
    svcgen::list_field("at", "at", "timestamptz", ValueKind::kTimestamp, true, true, true, 7, "", 0,
                       0),
    svcgen::list_field("on", "\"on\"", "date", ValueKind::kDate, true, true, true, 8, "", 0, 0),
    svcgen::list_field("state", "state", "text", ValueKind::kEnum, false, true, true, 9,
                       "new\nused", 0, 0),
    svcgen::list_field("blob", "blob", "bytea", ValueKind::kBytes, true, false, true, 10, "", 0, 0),
    svcgen::list_field("opens", "opens", "time", ValueKind::kTime, true, true, true, 11, "", 0, 0),
};
const svcgen::ListSpec kSpec{"Thing", "SELECT id, name FROM things", "deleted_at IS NULL",
                             &kFields[0], kFields};
constexpr std::string_view kKey = "fuzz-cursor-key";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string query;
  switch (data[0] % 3) {
    case 0:
      query = rest;
      break;
    case 1:  // a signed cursor whose payload is anything
      query = "cursor=" + svcgen::sign_cursor(rest, kKey);
      break;
    default:  // the same under another sort order
      query = "sort=-rating,name&limit=3&cursor=" + svcgen::sign_cursor(rest, kKey);
  }
  try {
    svcgen::ListQuery built = svcgen::build_list_query(kSpec, query, kKey);
    if (built.limit < 1 || built.limit > svcgen::kMaxListLimit) {
      __builtin_trap();
    }
  } catch (const svcgen::ProblemError& problem) {
    if (problem.problem().status != 400) {
      __builtin_trap();
    }
  }
  return 0;
}
