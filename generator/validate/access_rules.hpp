#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostics.hpp"
#include "ir/ir.hpp"
#include "load/json_document.hpp"
#include "validate/accepted_keys.hpp"

// The service file's "auth" and "rateLimit" keys and a model's "owner", "tenant", "access" and
// "rateLimits": read, checked and resolved into the IR, every operation's rule and limit final.
namespace svcgen {

// What the service file says that a model's access keys are resolved against.
struct ServiceAccess {
  std::optional<ir::Auth> auth;
  // The service file has an "auth" key, valid or not: a model is then not told it needs one.
  bool auth_written = false;
  std::optional<ir::RateLimit> rate_limit;
};

// Go's duration syntax ("1m", "30s", "1h30m", "1.5s", "500ms"), in nanoseconds; nothing when
// the text is not a duration.
std::optional<long double> parse_duration_ns(std::string_view text);

// The object at `pointer`, {"requests": N, "per": "<duration>"}.
std::optional<ir::RateLimit> read_rate_limit(const JsonDocument& document,
                                             const std::string& pointer, Diagnostics& diagnostics);

// The service file's "auth" object at `pointer`.
std::optional<ir::Auth> read_auth(const JsonDocument& document, const std::string& pointer,
                                  Diagnostics& diagnostics);

// Field names the service sets itself (the owner and tenant fields), read from the model file as
// written so field checks can tell them before the access keys are read.
std::vector<std::string> service_set_fields(const Json& model_root);

// Reads a model's owner, tenant, access and rateLimits keys once its operations and fields are
// known, and resolves every operation's access rule and rate limit.
void read_model_access(const ObjectReader& model_reader, const ServiceAccess& service,
                       ir::Model& model, Diagnostics& diagnostics);

// The key tables of the objects above, for the documentation and schema checks.
std::vector<AcceptedKeys> service_access_keys();
std::vector<AcceptedKeys> model_access_keys();

}  // namespace svcgen
