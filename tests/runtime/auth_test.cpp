// Bearer tokens from the Authorization header to a Principal, with keys from files and
// JWT_SECRET: real keys, real signatures, one case per refusal.
#include <gtest/gtest.h>

#include <thread>

#include "jwt_fixture.hpp"
#include "svcgen/auth.hpp"

namespace svcgen::auth {
namespace {

using testing::environment;
using testing::JwtKeys;
using testing::now_seconds;
using testing::quiet_logger;
using testing::run;
using Kind = AuthOutcome::Kind;

class Auth : public JwtKeys {
 protected:
  void SetUp() override {
    JwtKeys::SetUp();
    if (IsSkipped()) {
      return;
    }
    nlohmann::json jwks = {{"keys",
                            {jwk("rsa.pub", "rsa"), jwk("ec.pub", "ec"), jwk("ed.pub", "ed"),
                             jwk("rsa2.pub", "rsa2")}}};
    jwks_file_ = write("keys.json", jwks.dump());
  }

  std::unique_ptr<Authenticator> make(JwtSettings jwt, std::map<std::string, std::string> vars) {
    std::vector<std::string> errors;
    auto made = Authenticator::from_environment(std::move(jwt), environment(std::move(vars)),
                                                quiet_logger(), errors);
    EXPECT_TRUE(errors.empty()) << ::testing::PrintToString(errors);
    return made;
  }
  std::unique_ptr<Authenticator> with_jwks(JwtSettings jwt = settings()) {
    return make(std::move(jwt), {{"JWT_JWKS_FILE", jwks_file_}});
  }

  static AuthOutcome check(Authenticator& auth, const std::string& token) {
    return run(auth.authenticate("Bearer " + token));
  }
  static void expect_refused(Authenticator& auth, const std::string& token,
                             const std::string& reason) {
    AuthOutcome outcome = check(auth, token);
    EXPECT_EQ(outcome.kind, Kind::kInvalid) << reason;
    EXPECT_EQ(outcome.reason, reason);
    EXPECT_FALSE(outcome.principal);
  }
  static std::shared_ptr<const Principal> expect_valid(Authenticator& auth,
                                                       const std::string& token) {
    AuthOutcome outcome = check(auth, token);
    EXPECT_EQ(outcome.kind, Kind::kValid) << outcome.reason;
    return outcome.principal;
  }

  std::string jwks_file_;
};

TEST_F(Auth, Rs256Es256EdDsaAndPs256TokensAreValid) {
  JwtSettings jwt = settings();
  jwt.algorithms = {JwsAlgorithm::kRs256, JwsAlgorithm::kEs256, JwsAlgorithm::kEdDsa,
                    JwsAlgorithm::kPs256};
  auto auth = with_jwks(jwt);
  for (const auto& [key_file, alg, kid] :
       {std::tuple{"rsa.pem", "RS256", "rsa"}, std::tuple{"ec.pem", "ES256", "ec"},
        std::tuple{"ed.pem", "EdDSA", "ed"}, std::tuple{"rsa.pem", "PS256", "rsa"}}) {
    auto principal = expect_valid(*auth, mint(key_file, alg, kid, claims()));
    ASSERT_TRUE(principal) << alg;
    EXPECT_EQ(principal->subject, "alice");
    EXPECT_EQ(principal->roles, (std::vector<std::string>{"admin", "reader"}));
    EXPECT_EQ(principal->claims["iss"], "https://issuer.test");
  }
}

TEST_F(Auth, WithoutKidEveryKeyOfTheTypeIsTried) {
  auto auth = with_jwks();
  EXPECT_TRUE(expect_valid(*auth, mint("rsa2.pem", "RS256", "", claims())));
}

TEST_F(Auth, Hs256ThroughJwtSecret) {
  JwtSettings jwt = settings();
  jwt.algorithms = {JwsAlgorithm::kHs256};
  std::string secret = "0123456789abcdef0123456789abcdef!";
  write("secret", secret);
  auto auth = make(jwt, {{"JWT_SECRET", secret}});
  EXPECT_TRUE(expect_valid(*auth, mint("secret", "HS256", "any-kid", claims())));
  write("other", "another secret of at least 32 bytes");
  expect_refused(*auth, mint("other", "HS256", "", claims()), "signature");
}

TEST_F(Auth, PemPublicKeyFileVerifiesTokensOfAnyKid) {
  auto auth = make(settings(), {{"JWT_PUBLIC_KEY_FILE", key("ed.pub")}});
  EXPECT_TRUE(expect_valid(*auth, mint("ed.pem", "EdDSA", "whatever", claims())));
  EXPECT_TRUE(expect_valid(*auth, mint("ed.pem", "EdDSA", "", claims())));
}

TEST_F(Auth, AlgNoneIsRefused) {
  auto auth = with_jwks();
  expect_refused(*auth, mint("rsa.pem", "none", "rsa", claims()), "algorithm");
}

// The public-key-as-HMAC-secret attack: the PEM text that verifies RS256 MACs an HS256 token.
TEST_F(Auth, Hs256MacedWithTheRsaPublicKeyIsRefused) {
  JwtSettings jwt = settings();
  jwt.algorithms = {JwsAlgorithm::kHs256, JwsAlgorithm::kRs256};
  auto auth = make(jwt, {{"JWT_PUBLIC_KEY_FILE", key("rsa.pub")}});
  expect_refused(*auth, mint("rsa.pub", "HS256", "", claims()), "algorithm");
  expect_refused(*auth, mint("rsa.pub", "HS256", "rsa", claims()), "unknown key");
  EXPECT_TRUE(expect_valid(*auth, mint("rsa.pem", "RS256", "", claims())));
}

TEST_F(Auth, TamperedOrForeignSignatureIsRefused) {
  auto auth = with_jwks();
  std::string token = mint("rsa.pem", "RS256", "rsa", claims());
  std::string tampered = token;
  char& last = tampered[tampered.size() - 2];
  last = last == 'A' ? 'B' : 'A';
  expect_refused(*auth, tampered, "signature");
  expect_refused(*auth, mint("rsa2.pem", "RS256", "rsa", claims()), "signature");
  nlohmann::json other = claims();
  other["sub"] = "mallory";
  std::string forged = mint("rsa2.pem", "RS256", "rsa", other);
  std::string spliced = token.substr(0, token.find('.')) + forged.substr(forged.find('.'));
  expect_refused(*auth, spliced, "signature");
}

TEST_F(Auth, ExpiredTokenIsRefused) {
  auto auth = with_jwks();
  expect_refused(*auth, mint("rsa.pem", "RS256", "rsa", claims(-120)), "expired");
  nlohmann::json no_exp = claims();
  no_exp.erase("exp");
  expect_refused(*auth, mint("rsa.pem", "RS256", "rsa", no_exp), "no expiry");
}

TEST_F(Auth, NotBeforeOrIssuedInTheFutureIsRefused) {
  auto auth = with_jwks();
  nlohmann::json early = claims();
  early["nbf"] = now_seconds() + 120;
  expect_refused(*auth, mint("ec.pem", "ES256", "ec", early), "not yet valid");
  nlohmann::json issued = claims();
  issued["iat"] = now_seconds() + 120;
  expect_refused(*auth, mint("ec.pem", "ES256", "ec", issued), "not yet valid");
}

TEST_F(Auth, WrongIssuerIsRefused) {
  auto auth = with_jwks();
  nlohmann::json wrong = claims();
  wrong["iss"] = "https://elsewhere.test";
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", wrong), "issuer");
  wrong.erase("iss");
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", wrong), "issuer");
}

TEST_F(Auth, WrongAudienceIsRefused) {
  auto auth = with_jwks();
  nlohmann::json wrong = claims();
  wrong["aud"] = "billing";
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", wrong), "audience");
  wrong["aud"] = {"billing", "orders"};
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", wrong), "audience");
}

TEST_F(Auth, AudienceAsStringOrList) {
  auto auth = with_jwks();
  nlohmann::json list = claims();
  list["aud"] = {"billing", "other"};
  EXPECT_TRUE(expect_valid(*auth, mint("ed.pem", "EdDSA", "ed", list)));
  list["aud"] = "notes";
  EXPECT_TRUE(expect_valid(*auth, mint("ed.pem", "EdDSA", "ed", list)));
}

TEST_F(Auth, MissingOrEmptySubjectIsRefused) {
  auto auth = with_jwks();
  nlohmann::json anonymous = claims();
  anonymous.erase("sub");
  expect_refused(*auth, mint("ec.pem", "ES256", "ec", anonymous), "subject");
  anonymous["sub"] = "";
  expect_refused(*auth, mint("ec.pem", "ES256", "ec", anonymous), "subject");
  anonymous["sub"] = 7;
  expect_refused(*auth, mint("ec.pem", "ES256", "ec", anonymous), "subject");
}

TEST_F(Auth, HeaderOver8KibIsRefused) {
  auto auth = with_jwks();
  nlohmann::json big = claims();
  big["padding"] = std::string(8200, 'x');
  std::string token = mint("ed.pem", "EdDSA", "ed", big);
  expect_refused(*auth, token, "too large");
  std::string exact = "Bearer " + std::string(8192 - 7, 'a');
  EXPECT_EQ(run(auth->authenticate(exact)).reason, "malformed") << "8192 bytes are allowed";
  EXPECT_EQ(run(auth->authenticate(exact + "a")).reason, "too large");
}

TEST_F(Auth, MalformedHeadersAndTokensAreRefused) {
  auto auth = with_jwks();
  for (const char* header : {"Bearer", "Bearer ", "Bearer  abc", "Bearer a.b.c d", "Bearer abc",
                             "Bearer a.b.c", "bearer e30.e30.AA"}) {
    AuthOutcome outcome = run(auth->authenticate(header));
    EXPECT_EQ(outcome.kind, Kind::kInvalid) << header;
    EXPECT_EQ(outcome.reason, "malformed") << header;
  }
  nlohmann::json text_exp = claims();
  text_exp["exp"] = "tomorrow";
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", text_exp), "malformed");
  nlohmann::json text_nbf = claims();
  text_nbf["nbf"] = "now";
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", text_nbf), "malformed");
}

TEST_F(Auth, ValidTokenOfAnAlgorithmOutsideTheAllowListIsRefused) {
  JwtSettings jwt = settings();
  jwt.algorithms = {JwsAlgorithm::kRs256};
  auto auth = with_jwks(jwt);
  expect_refused(*auth, mint("ec.pem", "ES256", "ec", claims()), "algorithm");
  expect_refused(*auth, mint("rsa.pem", "PS256", "rsa", claims()), "algorithm");
  EXPECT_TRUE(expect_valid(*auth, mint("rsa.pem", "RS256", "rsa", claims())));
}

TEST_F(Auth, UnknownKidWithoutJwksUrlIsRefused) {
  auto auth = with_jwks();
  expect_refused(*auth, mint("rsa.pem", "RS256", "nobody", claims()), "unknown key");
}

TEST_F(Auth, RolesFromArrayScopeStringOrDottedPath) {
  JwtSettings scope = settings();
  scope.roles_claim = "scope";
  auto by_scope = with_jwks(scope);
  nlohmann::json with_scope = claims();
  with_scope["scope"] = "notes:read  notes:write";
  auto principal = expect_valid(*by_scope, mint("ed.pem", "EdDSA", "ed", with_scope));
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->roles, (std::vector<std::string>{"notes:read", "notes:write"}));
  EXPECT_TRUE(principal->has_role("notes:write"));

  JwtSettings dotted = settings();
  dotted.roles_claim = "realm_access.roles";
  auto by_path = with_jwks(dotted);
  nlohmann::json nested = claims();
  nested["realm_access"] = {{"roles", {"editor"}}};
  principal = expect_valid(*by_path, mint("ed.pem", "EdDSA", "ed", nested));
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->roles, std::vector<std::string>{"editor"});
  principal = expect_valid(*by_path, mint("ed.pem", "EdDSA", "ed", claims()));
  ASSERT_TRUE(principal);
  EXPECT_TRUE(principal->roles.empty()) << "an absent roles claim means no roles";

  nlohmann::json numbers = claims();
  numbers["roles"] = {1, 2};
  auto by_array = with_jwks();
  expect_refused(*by_array, mint("ed.pem", "EdDSA", "ed", numbers), "roles");
}

TEST_F(Auth, TenantClaimAsIntegerOrStringOrMissing) {
  JwtSettings jwt = settings();
  jwt.tenant_claim = "org.id";
  auto auth = with_jwks(jwt);
  nlohmann::json numeric = claims();
  numeric["org"] = {{"id", 42}};
  auto principal = expect_valid(*auth, mint("ed.pem", "EdDSA", "ed", numeric));
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->tenant, "42");
  numeric["org"]["id"] = "acme";
  principal = expect_valid(*auth, mint("ed.pem", "EdDSA", "ed", numeric));
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->tenant, "acme");
  principal = expect_valid(*auth, mint("ed.pem", "EdDSA", "ed", claims()));
  ASSERT_TRUE(principal);
  EXPECT_FALSE(principal->tenant);
  numeric["org"]["id"] = true;
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", numeric), "tenant");
}

TEST_F(Auth, ClockSkewIsHonoured) {
  auto lenient = with_jwks();  // 30s by default
  std::string just_expired = mint("ed.pem", "EdDSA", "ed", claims(-10));
  EXPECT_TRUE(expect_valid(*lenient, just_expired));
  nlohmann::json soon = claims();
  soon["nbf"] = now_seconds() + 10;
  soon["iat"] = now_seconds() + 10;
  std::string early = mint("ed.pem", "EdDSA", "ed", soon);
  EXPECT_TRUE(expect_valid(*lenient, early));

  auto strict = make(settings(), {{"JWT_JWKS_FILE", jwks_file_}, {"JWT_CLOCK_SKEW", "5s"}});
  expect_refused(*strict, just_expired, "expired");
  expect_refused(*strict, early, "not yet valid");
}

TEST_F(Auth, IssuerAndAudienceCanBeOverridden) {
  auto auth = make(settings(), {{"JWT_JWKS_FILE", jwks_file_},
                                {"JWT_ISSUER", "https://other.test"},
                                {"JWT_AUDIENCE", "a, b"}});
  nlohmann::json other = claims();
  other["iss"] = "https://other.test";
  other["aud"] = "b";
  EXPECT_TRUE(expect_valid(*auth, mint("ed.pem", "EdDSA", "ed", other)));
  expect_refused(*auth, mint("ed.pem", "EdDSA", "ed", claims()), "issuer");
}

TEST_F(Auth, OtherSchemesAndNoHeaderAreNoToken) {
  auto auth = with_jwks();
  // Named: a view of a temporary string would dangle once the list is built.
  const std::string long_digest = "Digest " + std::string(9000, 'a');
  for (std::optional<std::string_view> header :
       {std::optional<std::string_view>{}, std::optional<std::string_view>{"Basic YWxpY2U6cHc="},
        std::optional<std::string_view>{"Bearerx abc"},
        std::optional<std::string_view>{long_digest}}) {
    AuthOutcome outcome = run(auth->authenticate(header));
    EXPECT_EQ(outcome.kind, Kind::kNone);
    EXPECT_TRUE(outcome.reason.empty());
  }
  AuthOutcome lower = run(auth->authenticate("bEaReR " + mint("ed.pem", "EdDSA", "ed", claims())));
  EXPECT_EQ(lower.kind, Kind::kValid) << "the scheme name is case-insensitive";
}

TEST_F(Auth, ReasonNeverQuotesTheToken) {
  auto auth = with_jwks();
  std::string token = mint("rsa2.pem", "RS256", "rsa", claims());
  AuthOutcome outcome = check(*auth, token);
  EXPECT_EQ(outcome.reason.find(token.substr(0, 10)), std::string::npos);
}

TEST_F(Auth, CacheHitReturnsTheSamePrincipal) {
  auto auth = with_jwks();
  std::string token = mint("rsa.pem", "RS256", "rsa", claims());
  auto first = expect_valid(*auth, token);
  auto second = expect_valid(*auth, token);
  ASSERT_TRUE(first);
  EXPECT_EQ(first.get(), second.get());
  auto other = expect_valid(*auth, mint("rsa.pem", "RS256", "rsa", claims(400)));
  EXPECT_NE(first.get(), other.get());
}

TEST_F(Auth, CachedTokenPastItsExpiryIsRefused) {
  auto auth = make(settings(), {{"JWT_JWKS_FILE", jwks_file_}, {"JWT_CLOCK_SKEW", "0s"}});
  nlohmann::json brief = claims();
  std::int64_t expiry = now_seconds() + 2;
  brief["exp"] = expiry;
  std::string token = mint("ed.pem", "EdDSA", "ed", brief);
  ASSERT_TRUE(expect_valid(*auth, token));
  ASSERT_TRUE(expect_valid(*auth, token));
  while (now_seconds() < expiry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  expect_refused(*auth, token, "expired");
  expect_refused(*auth, token, "expired");
}

class AuthConfig : public JwtKeys {
 protected:
  static std::vector<std::string> errors_of(JwtSettings jwt,
                                            std::map<std::string, std::string> vars) {
    std::vector<std::string> errors;
    auto made = Authenticator::from_environment(std::move(jwt), environment(std::move(vars)),
                                                quiet_logger(), errors);
    EXPECT_EQ(made == nullptr, !errors.empty());
    return errors;
  }
  static std::vector<std::string> errors_of(std::map<std::string, std::string> vars) {
    return errors_of(settings(), std::move(vars));
  }
};

TEST_F(AuthConfig, NoKeySourceIsAnError) {
  EXPECT_EQ(errors_of({}),
            std::vector<std::string>{"JWT_JWKS_FILE, JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, "
                                     "JWT_SECRET: no key source for tokens: set at least one"});
}

TEST_F(AuthConfig, UnreadableOrMalformedKeyFilesAreErrors) {
  EXPECT_EQ(errors_of({{"JWT_JWKS_FILE", "/nonexistent/keys.json"}}),
            std::vector<std::string>{"JWT_JWKS_FILE: cannot read \"/nonexistent/keys.json\""});
  EXPECT_EQ(errors_of({{"JWT_PUBLIC_KEY_FILE", "/nonexistent/key.pem"}}),
            std::vector<std::string>{"JWT_PUBLIC_KEY_FILE: cannot read \"/nonexistent/key.pem\""});
  std::string broken = write("broken.json", "{\"keys\": [");
  std::vector<std::string> errors = errors_of({{"JWT_JWKS_FILE", broken}});
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].rfind("JWT_JWKS_FILE: \"" + broken + "\": ", 0), 0U) << errors[0];
  std::string not_pem = write("not.pem", "hello");
  errors = errors_of({{"JWT_PUBLIC_KEY_FILE", not_pem}});
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].rfind("JWT_PUBLIC_KEY_FILE: \"" + not_pem + "\": ", 0), 0U) << errors[0];
}

TEST_F(AuthConfig, RsaKeyUnder2048BitsIsAnError) {
  EXPECT_EQ(errors_of({{"JWT_PUBLIC_KEY_FILE", key("rsa1024.pub")}}),
            std::vector<std::string>{
                "JWT_PUBLIC_KEY_FILE: the RSA key has 1024 bits, at least 2048 are required"});
  std::string small =
      write("small.json", nlohmann::json{{"keys", {jwk("rsa1024.pub", "s")}}}.dump());
  std::vector<std::string> errors = errors_of({{"JWT_JWKS_FILE", small}});
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].rfind("JWT_JWKS_FILE: ", 0), 0U) << errors[0];
  EXPECT_NE(errors[0].find("2048"), std::string::npos) << errors[0];
}

TEST_F(AuthConfig, ShortSecretOrSecretWithoutHs256AreErrors) {
  JwtSettings hs = settings();
  hs.algorithms = {JwsAlgorithm::kHs256};
  EXPECT_EQ(errors_of(hs, {{"JWT_SECRET", "twelve bytes"}}),
            std::vector<std::string>{"JWT_SECRET: must be at least 32 bytes, got 12"});
  EXPECT_EQ(errors_of({{"JWT_SECRET", std::string(40, 's')}}),
            std::vector<std::string>{
                "JWT_SECRET: HS256 is not among the allowed algorithms (RS256, ES256, EdDSA)"});
}

TEST_F(AuthConfig, BadSettingsAreReportedTogether) {
  JwtSettings none;
  std::vector<std::string> errors = errors_of(none, {{"JWT_CLOCK_SKEW", "thirty"},
                                                     {"JWT_JWKS_URL", "ftp://keys.test/jwks"},
                                                     {"JWT_JWKS_FILE", "/nonexistent"}});
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "JWT_ISSUER: no issuer: the service file names none, so set it here",
                "JWT_AUDIENCE: no audience: the service file names none, so set it here",
                "JWT_CLOCK_SKEW: expected a duration like 30s, got \"thirty\"",
                "JWT_JWKS_FILE: cannot read \"/nonexistent\"",
                R"(JWT_JWKS_URL: expected an http:// or https:// URL, got "ftp://keys.test/jwks")",
            }));
  EXPECT_EQ(errors_of({{"JWT_JWKS_URL", "http://keys.test:99999/"}}),
            std::vector<std::string>{"JWT_JWKS_URL: the port of \"http://keys.test:99999/\" is "
                                     "not a number from 1 to 65535"});
  EXPECT_EQ(errors_of({{"JWT_JWKS_FILE", key("x")}, {"JWT_AUDIENCE", " , "}}).front(),
            "JWT_AUDIENCE: expected comma-separated audiences, got \" , \"");
}

}  // namespace
}  // namespace svcgen::auth
