// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/config.hpp"
#include "svcgen/jws.hpp"
#include "svcgen/log.hpp"
#include "svcgen/principal.hpp"
#include "svcgen/task.hpp"

// Bearer tokens (RFC 6750) carrying JWTs (RFC 7519): from an Authorization header value to the
// Principal of a request, with keys from JWK sets, PEM files, a shared secret or a JWKS URL.
namespace svcgen::auth {

// What the service file says about its tokens; the issuer and audience can be overridden at run
// time (JWT_ISSUER, JWT_AUDIENCE). Claim names are dotted paths into the payload.
struct JwtSettings {
  std::string issuer;
  std::vector<std::string> audience;
  std::vector<JwsAlgorithm> algorithms;  // empty: RS256, ES256 and EdDSA
  std::string roles_claim = "roles";
  std::string subject_claim = "sub";
  std::optional<std::string> tenant_claim;
};

// NOLINTNEXTLINE(bugprone-exception-escape): the members' moves do not throw
struct AuthOutcome {
  enum class Kind { kNone, kValid, kInvalid };
  Kind kind = Kind::kNone;
  std::shared_ptr<const Principal> principal;  // set when valid
  // When invalid, one of the words in docs/auth.md ("expired", "signature", ...). It never
  // quotes the token, so it can go into a response and a log line.
  std::string reason;
};

// Thread-safe: every event loop of a service authenticates through the same instance.
class Authenticator {
 public:
  // Reads the JWT_* variables; nothing, with every problem in `errors` (each naming its
  // variable), unless the settings and at least one key source are usable. `log` receives the
  // warnings of failed JWKS refreshes.
  static std::unique_ptr<Authenticator> from_environment(JwtSettings settings, const EnvLookup& env,
                                                         const Logger& log,
                                                         std::vector<std::string>& errors);
  ~Authenticator();
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // `authorization` is the header's value, nothing when the request has none. Only a token that
  // names a key nobody knows yet waits, for the JWKS URL to be fetched again; every other path
  // finishes without suspending. A waiting request resumes on the event loop it came from; one
  // awaited outside the runtime's event loops finishes on the thread that fetches the keys.
  Task<AuthOutcome> authenticate(std::optional<std::string_view> authorization);

  // Fetches the JWKS URL, when there is one, and starts refreshing it; blocks until the first
  // fetch ends. Nothing when it worked, else what went wrong (the service must not become ready).
  std::optional<std::string> start();
  // Stops the refreshes and joins their thread; also done by the destructor.
  void stop();

  // How many times the JWKS URL was fetched, successfully or not.
  int jwks_fetches() const;

  struct State;
  explicit Authenticator(std::unique_ptr<State> state);

 private:
  std::unique_ptr<State> state_;
};

}  // namespace svcgen::auth
