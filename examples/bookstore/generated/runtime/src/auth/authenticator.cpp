// Copied by svcgen from its runtime library. DO NOT EDIT.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

#include "claims.hpp"
#include "jwks_client.hpp"
#include "jwks_fetcher.hpp"
#include "key_set.hpp"
#include "svcgen/auth.hpp"
#include "token_cache.hpp"

namespace svcgen::auth {
namespace {

constexpr std::size_t kMaxHeaderBytes = 8192;
constexpr std::size_t kCacheEntries = 10000;
constexpr int kMinRsaBits = 2048;
constexpr std::size_t kMinSecretBytes = 32;

AuthOutcome invalid(std::string reason) {
  AuthOutcome outcome;
  outcome.kind = AuthOutcome::Kind::kInvalid;
  outcome.reason = std::move(reason);
  return outcome;
}

AuthOutcome valid(std::shared_ptr<const Principal> principal) {
  AuthOutcome outcome;
  outcome.kind = AuthOutcome::Kind::kValid;
  outcome.principal = std::move(principal);
  return outcome;
}

bool is_bearer(std::string_view scheme) {
  constexpr std::string_view kBearer = "bearer";
  return std::equal(scheme.begin(), scheme.end(), kBearer.begin(), kBearer.end(),
                    [](char left, char right) {
                      return std::tolower(static_cast<unsigned char>(left)) == right;
                    });
}

std::optional<std::string> variable(const EnvLookup& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  if (value && value->empty()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> read_file(const std::string& path, std::string_view name,
                                     std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) {
    text << in.rdbuf();
  }
  if (!in || in.bad()) {
    errors.push_back(std::string(name) + ": cannot read \"" + path + "\"");
    return std::nullopt;
  }
  return text.str();
}

std::vector<std::string> comma_separated(std::string_view text) {
  std::vector<std::string> items;
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    if (!item.empty()) {
      items.emplace_back(item);
    }
    if (comma == std::string_view::npos) {
      return items;
    }
    text = text.substr(comma + 1);
  }
}

std::string algorithm_names(const std::vector<JwsAlgorithm>& algorithms) {
  std::string names;
  for (JwsAlgorithm algorithm : algorithms) {
    names += (names.empty() ? "" : ", ") + std::string(jws_algorithm_name(algorithm));
  }
  return names;
}

}  // namespace

struct Authenticator::State {
  State(JwtSettings jwt, ClaimRules claim_rules, Keys fixed, Logger logger)
      : settings(std::move(jwt)),
        rules(std::move(claim_rules)),
        keys(std::move(fixed)),
        log(std::move(logger)) {}

  // Nothing when the token names an unknown kid and the JWKS URL should be fetched first.
  std::optional<AuthOutcome> verify(std::string_view token, bool may_refetch);

  JwtSettings settings;
  ClaimRules rules;
  KeySet keys;
  TokenCache cache{kCacheEntries};
  Logger log;
  std::unique_ptr<JwksFetcher> fetcher;
};

std::optional<AuthOutcome> Authenticator::State::verify(std::string_view token, bool may_refetch) {
  const UnixMillis now = unix_millis_now();
  const UnixMillis skew = rules.skew.count();
  TokenCache::Hit hit = cache.find(token, now, skew);
  if (hit.principal) {
    return valid(std::move(hit.principal));
  }
  if (hit.expired) {
    return invalid("expired");
  }

  std::string parse_error;
  std::optional<CompactJws> jws = parse_compact_jws(token, parse_error);
  if (!jws) {
    return invalid("malformed");
  }
  std::optional<JwsAlgorithm> algorithm = jws_algorithm(jws->alg);
  if (!algorithm || std::find(settings.algorithms.begin(), settings.algorithms.end(), *algorithm) ==
                        settings.algorithms.end()) {
    return invalid("algorithm");
  }
  const std::uint64_t generation = cache.generation();
  std::shared_ptr<const Keys> snapshot = keys.snapshot();
  KeyChoice choice = choose_keys(*snapshot, *algorithm, jws->kid);
  if (jws->kid && !choice.kid_known && may_refetch && fetcher) {
    return std::nullopt;
  }
  if (choice.candidates.empty()) {
    return invalid(jws->kid ? "unknown key" : "algorithm");
  }
  bool verified = std::any_of(choice.candidates.begin(), choice.candidates.end(),
                              [&](const VerificationKey* key) {
                                return key->verify(*algorithm, jws->signing_input, jws->signature);
                              });
  if (!verified) {
    return invalid("signature");
  }
  ClaimCheck check = check_claims(std::move(jws->claims), rules, now);
  if (!check.principal) {
    return invalid(std::move(check.reason));
  }
  cache.insert(token, check.principal, check.expires_at, now, skew, generation);
  return valid(std::move(check.principal));
}

Authenticator::Authenticator(std::unique_ptr<State> state) : state_(std::move(state)) {}

Authenticator::~Authenticator() { stop(); }

Task<AuthOutcome> Authenticator::authenticate(std::optional<std::string_view> authorization) {
  if (!authorization) {
    co_return AuthOutcome{};
  }
  std::string_view header = *authorization;
  std::size_t space = header.find(' ');
  if (!is_bearer(header.substr(0, space))) {
    co_return AuthOutcome{};  // another scheme (RFC 6750): not a token
  }
  if (header.size() > kMaxHeaderBytes) {
    co_return invalid("too large");
  }
  std::string_view token =
      space == std::string_view::npos ? std::string_view{} : header.substr(space + 1);
  if (token.empty() || token.find_first_of(" \t") != std::string_view::npos) {
    co_return invalid("malformed");
  }
  std::optional<AuthOutcome> outcome = state_->verify(token, true);
  if (outcome) {
    co_return std::move(*outcome);
  }
  // The header may not outlive a suspension; the token is kept here.
  std::string kept(token);
  JwksFetcher::UnknownKidRefetch refetch = state_->fetcher->refetch_for_unknown_kid();
  co_await refetch;
  std::optional<AuthOutcome> after = state_->verify(kept, false);
  co_return std::move(*after);
}

std::optional<std::string> Authenticator::start() {
  return state_->fetcher ? state_->fetcher->start() : std::nullopt;
}

void Authenticator::stop() {
  if (state_ && state_->fetcher) {
    state_->fetcher->stop();
  }
}

int Authenticator::jwks_fetches() const { return state_->fetcher ? state_->fetcher->fetches() : 0; }

std::unique_ptr<Authenticator> Authenticator::from_environment(JwtSettings settings,
                                                               const EnvLookup& env,
                                                               const Logger& log,
                                                               std::vector<std::string>& errors) {
  const std::size_t errors_before = errors.size();
  if (settings.algorithms.empty()) {
    settings.algorithms = {JwsAlgorithm::kRs256, JwsAlgorithm::kEs256, JwsAlgorithm::kEdDsa};
  }
  ClaimRules rules;
  rules.issuer = variable(env, "JWT_ISSUER").value_or(settings.issuer);
  if (rules.issuer.empty()) {
    errors.emplace_back("JWT_ISSUER: no issuer: the service file names none, so set it here");
  }
  if (std::optional<std::string> audience = variable(env, "JWT_AUDIENCE")) {
    rules.audience = comma_separated(*audience);
    if (rules.audience.empty()) {
      errors.push_back("JWT_AUDIENCE: expected comma-separated audiences, got \"" + *audience +
                       "\"");
    }
  } else {
    rules.audience = settings.audience;
    if (rules.audience.empty()) {
      errors.emplace_back("JWT_AUDIENCE: no audience: the service file names none, so set it here");
    }
  }
  rules.roles_claim = settings.roles_claim;
  rules.subject_claim = settings.subject_claim;
  rules.tenant_claim = settings.tenant_claim;
  rules.skew = std::chrono::seconds(30);
  if (std::optional<std::string> skew = variable(env, "JWT_CLOCK_SKEW")) {
    std::optional<std::chrono::milliseconds> parsed = parse_duration(*skew);
    if (parsed) {
      rules.skew = *parsed;
    } else {
      errors.push_back("JWT_CLOCK_SKEW: expected a duration like 30s, got \"" + *skew + "\"");
    }
  }

  Keys fixed;
  bool any_source = false;
  if (std::optional<std::string> path = variable(env, "JWT_JWKS_FILE")) {
    any_source = true;
    if (std::optional<std::string> text = read_file(*path, "JWT_JWKS_FILE", errors)) {
      std::string error;
      std::optional<Keys> keys = parse_jwks(*text, kMinRsaBits, error);
      if (!keys) {
        errors.push_back("JWT_JWKS_FILE: \"" + *path + "\": " + error);
      } else if (keys->empty()) {
        errors.push_back("JWT_JWKS_FILE: \"" + *path + "\" has no signing key of a supported type");
      } else {
        fixed.insert(fixed.end(), keys->begin(), keys->end());
      }
    }
  }
  if (std::optional<std::string> path = variable(env, "JWT_PUBLIC_KEY_FILE")) {
    any_source = true;
    if (std::optional<std::string> text = read_file(*path, "JWT_PUBLIC_KEY_FILE", errors)) {
      std::string error;
      std::optional<VerificationKey> key = VerificationKey::from_pem(*text, error);
      if (!key) {
        errors.push_back("JWT_PUBLIC_KEY_FILE: \"" + *path + "\": " + error);
      } else if (key->type() == KeyType::kRsa && key->bits() < kMinRsaBits) {
        errors.push_back("JWT_PUBLIC_KEY_FILE: the RSA key has " + std::to_string(key->bits()) +
                         " bits, at least 2048 are required");
      } else {
        fixed.push_back(*key);
      }
    }
  }
  if (std::optional<std::string> secret = variable(env, "JWT_SECRET")) {
    any_source = true;
    bool hs256 = std::find(settings.algorithms.begin(), settings.algorithms.end(),
                           JwsAlgorithm::kHs256) != settings.algorithms.end();
    if (!hs256) {
      errors.push_back("JWT_SECRET: HS256 is not among the allowed algorithms (" +
                       algorithm_names(settings.algorithms) + ")");
    } else if (secret->size() < kMinSecretBytes) {
      errors.push_back("JWT_SECRET: must be at least 32 bytes, got " +
                       std::to_string(secret->size()));
    } else {
      fixed.push_back(VerificationKey::from_secret(*secret));
    }
  }
  std::optional<JwksUrl> url;
  JwksClientOptions client;
  if (std::optional<std::string> text = variable(env, "JWT_JWKS_URL")) {
    any_source = true;
    std::string error;
    url = parse_jwks_url(*text, error);
    if (!url) {
      errors.push_back("JWT_JWKS_URL: " + error);
    }
  }
  if (std::optional<std::string> path = variable(env, "JWT_JWKS_CA_FILE")) {
    if (!url) {
      errors.emplace_back("JWT_JWKS_CA_FILE: only used with an https:// JWT_JWKS_URL");
    } else if (read_file(*path, "JWT_JWKS_CA_FILE", errors)) {
      client.ca_file = *path;
    }
  }
  if (!any_source) {
    errors.emplace_back(
        "JWT_JWKS_FILE, JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, JWT_SECRET: no key source for "
        "tokens: set at least one");
  }
  if (errors.size() != errors_before) {
    return nullptr;
  }

  auto state =
      std::make_unique<State>(std::move(settings), std::move(rules), std::move(fixed), log);
  if (url) {
    State* raw = state.get();
    state->fetcher =
        std::make_unique<JwksFetcher>(std::move(*url), client, JwksTiming{}, log, [raw](Keys keys) {
          raw->keys.replace_fetched(std::move(keys));
          // Tokens verified with a key that is now gone must not stay valid until their exp.
          raw->cache.clear();
        });
  }
  return std::make_unique<Authenticator>(std::move(state));
}

}  // namespace svcgen::auth
