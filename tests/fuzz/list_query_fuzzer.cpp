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
    svcgen::ListField{.name = "id",
                      .column = "id",
                      .cast = "bigint",
                      .kind = ValueKind::kInteger,
                      .sortable = true,
                      .filterable = true,
                      .min_integer = kMin,
                      .max_integer = kMax},
    svcgen::ListField{.name = "name",
                      .column = "name",
                      .cast = "text",
                      .kind = ValueKind::kString,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 1},
    svcgen::ListField{.name = "rating",
                      .column = "rating",
                      .cast = "integer",
                      .kind = ValueKind::kInteger,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 2,
                      .min_integer = -2147483648LL,
                      .max_integer = 2147483647LL},
    svcgen::ListField{.name = "score",
                      .column = "score",
                      .cast = "double precision",
                      .kind = ValueKind::kFloat,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 3},
    svcgen::ListField{.name = "price",
                      .column = "price",
                      .cast = "numeric",
                      .kind = ValueKind::kDecimal,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 4},
    svcgen::ListField{.name = "active",
                      .column = "active",
                      .cast = "boolean",
                      .kind = ValueKind::kBool,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 5},
    svcgen::ListField{.name = "ref",
                      .column = "ref",
                      .cast = "uuid",
                      .kind = ValueKind::kUuid,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 6},
    svcgen::ListField{.name = "at",
                      .column = "at",
                      .cast = "timestamptz",
                      .kind = ValueKind::kTimestamp,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 7},
    svcgen::ListField{.name = "on",
                      .column = "\"on\"",
                      .cast = "date",
                      .kind = ValueKind::kDate,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 8},
    svcgen::ListField{.name = "state",
                      .column = "state",
                      .cast = "text",
                      .kind = ValueKind::kEnum,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 9,
                      .values = "new\nused"},
    svcgen::ListField{.name = "blob",
                      .column = "blob",
                      .cast = "bytea",
                      .kind = ValueKind::kBytes,
                      .nullable = true,
                      .filterable = true,
                      .select_index = 10},
    svcgen::ListField{.name = "opens",
                      .column = "opens",
                      .cast = "time",
                      .kind = ValueKind::kTime,
                      .nullable = true,
                      .sortable = true,
                      .filterable = true,
                      .select_index = 11},
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
