// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "claims.hpp"

#include <cmath>
#include <utility>

namespace svcgen::auth {
namespace {

ClaimCheck refused(std::string reason) {
  ClaimCheck check;
  check.reason = std::move(reason);
  return check;
}

// A NumericDate (RFC 7519 section 2) in milliseconds; nothing unless it is a finite number.
std::optional<UnixMillis> numeric_date(const nlohmann::json& value) {
  if (!value.is_number()) {
    return std::nullopt;
  }
  double seconds = value.get<double>();
  // Far beyond any real date, and out of range for the conversion below.
  constexpr double kLimit = 1e13;
  if (!std::isfinite(seconds) || std::fabs(seconds) > kLimit) {
    return std::nullopt;
  }
  return static_cast<UnixMillis>(std::floor(seconds * 1000.0));
}

bool audience_matches(const nlohmann::json& aud, const std::vector<std::string>& wanted) {
  auto wanted_one = [&wanted](const nlohmann::json& value) {
    if (!value.is_string()) {
      return false;
    }
    const auto& text = value.get_ref<const std::string&>();
    for (const std::string& audience : wanted) {
      if (audience == text) {
        return true;
      }
    }
    return false;
  };
  if (aud.is_array()) {
    for (const nlohmann::json& value : aud) {
      if (wanted_one(value)) {
        return true;
      }
    }
    return false;
  }
  return wanted_one(aud);
}

// An array of strings, or one space-separated string as OAuth's `scope` is.
std::optional<std::vector<std::string>> roles_of(const nlohmann::json& value) {
  std::vector<std::string> roles;
  if (value.is_string()) {
    std::string_view text = value.get_ref<const std::string&>();
    while (!text.empty()) {
      std::size_t space = text.find(' ');
      std::string_view word = text.substr(0, space);
      if (!word.empty()) {
        roles.emplace_back(word);
      }
      text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    }
    return roles;
  }
  if (!value.is_array()) {
    return std::nullopt;
  }
  for (const nlohmann::json& role : value) {
    if (!role.is_string()) {
      return std::nullopt;
    }
    roles.push_back(role.get<std::string>());
  }
  return roles;
}

}  // namespace

const nlohmann::json* claim_at(const nlohmann::json& claims, std::string_view path) {
  if (!claims.is_object()) {
    return nullptr;
  }
  auto whole = claims.find(path);
  if (whole != claims.end()) {
    return &*whole;
  }
  const nlohmann::json* node = &claims;
  while (true) {
    std::size_t dot = path.find('.');
    std::string_view name = path.substr(0, dot);
    if (!node->is_object()) {
      return nullptr;
    }
    auto member = node->find(name);
    if (member == node->end()) {
      return nullptr;
    }
    node = &*member;
    if (dot == std::string_view::npos) {
      return node;
    }
    path = path.substr(dot + 1);
  }
}

ClaimCheck check_claims(nlohmann::json claims, const ClaimRules& rules, UnixMillis now) {
  const UnixMillis skew = rules.skew.count();
  const nlohmann::json* exp = claim_at(claims, "exp");
  if (exp == nullptr) {
    return refused("no expiry");
  }
  std::optional<UnixMillis> expires_at = numeric_date(*exp);
  if (!expires_at) {
    return refused("malformed");
  }
  for (const char* name : {"nbf", "iat"}) {
    auto member = claims.find(name);
    if (member == claims.end()) {
      continue;
    }
    std::optional<UnixMillis> at = numeric_date(*member);
    if (!at) {
      return refused("malformed");
    }
    if (*at > now + skew) {
      return refused("not yet valid");
    }
  }
  if (*expires_at + skew <= now) {
    return refused("expired");
  }

  auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() ||
      iss->get_ref<const std::string&>() != rules.issuer) {
    return refused("issuer");
  }
  auto aud = claims.find("aud");
  if (aud == claims.end() || !audience_matches(*aud, rules.audience)) {
    return refused("audience");
  }

  auto principal = std::make_shared<Principal>();
  const nlohmann::json* subject = claim_at(claims, rules.subject_claim);
  if (subject == nullptr || !subject->is_string() ||
      subject->get_ref<const std::string&>().empty()) {
    return refused("subject");
  }
  principal->subject = subject->get<std::string>();

  if (const nlohmann::json* roles = claim_at(claims, rules.roles_claim); roles != nullptr) {
    std::optional<std::vector<std::string>> parsed = roles_of(*roles);
    if (!parsed) {
      return refused("roles");
    }
    principal->roles = std::move(*parsed);
  }

  if (rules.tenant_claim) {
    const nlohmann::json* tenant = claim_at(claims, *rules.tenant_claim);
    if (tenant != nullptr && tenant->is_string()) {
      principal->tenant = tenant->get<std::string>();
    } else if (tenant != nullptr && (tenant->is_number_integer())) {
      principal->tenant = tenant->is_number_unsigned()
                              ? std::to_string(tenant->get<std::uint64_t>())
                              : std::to_string(tenant->get<std::int64_t>());
    } else if (tenant != nullptr && !tenant->is_null()) {
      return refused("tenant");
    }
  }

  principal->claims = std::move(claims);
  ClaimCheck check;
  check.principal = std::move(principal);
  check.expires_at = *expires_at;
  return check;
}

UnixMillis unix_millis_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace svcgen::auth
