// JWS parsing and signature checks against the examples of RFC 7515 (appendix A.1 to A.3) and
// RFC 8037 (A.4), keys that openssl makes on the spot, and the forms an attacker sends instead.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "svcgen/jws.hpp"

namespace svcgen::auth {
namespace {

namespace fs = std::filesystem;

// RFC 7515 A.1 to A.3 sign this payload ({"iss":"joe", "exp":1300819380, ...}).
constexpr const char* kRfcPayload =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlf"
    "Q";

constexpr const char* kHs256Token =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kHs256Jwks =
    R"({"keys": [{"kty": "oct", "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]})";

constexpr const char* kRsaModulus =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-"
    "4qPCJrcS2mJPMEzP1Pt0Bm4d4Q"
    "lL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-"
    "bSf63kpaSHSXndS5z5rexMdbBY"
    "UsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-"
    "DWNm"
    "oudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
constexpr const char* kRs256Signature =
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_"
    "O8W2Fp5jujG"
    "bds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_"
    "nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K"
    "0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
    "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6"
    "LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

constexpr const char* kEcJwks =
    R"({"keys": [{"kty": "EC", "crv": "P-256", "kid": "ec",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})";
constexpr const char* kEs256Signature =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

constexpr const char* kEd25519Jwks =
    R"({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})";
constexpr const char* kEd25519Token =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

std::string rsa_jwks() {
  return std::string(R"({"keys": [{"kty": "RSA", "kid": "rsa", "e": "AQAB", "n": ")") +
         kRsaModulus + R"("}]})";
}

VerificationKey only_key(const std::string& jwks, int min_rsa_bits = 2048) {
  std::string error;
  std::optional<std::vector<VerificationKey>> keys = parse_jwks(jwks, min_rsa_bits, error);
  if (!keys || keys->size() != 1) {
    throw std::runtime_error("jwks: " + error);
  }
  return keys->front();
}

Bytes decoded(std::string_view text) { return *base64url_decode(text); }

// Checks a token as the verifier will: parse, then the header's algorithm against the key.
bool verifies(const VerificationKey& key, std::string_view token) {
  std::string error;
  std::optional<CompactJws> jws = parse_compact_jws(token, error);
  if (!jws) {
    return false;
  }
  std::optional<JwsAlgorithm> algorithm = jws_algorithm(jws->alg);
  return algorithm && key.verify(*algorithm, jws->signing_input, jws->signature);
}

std::string flipped_last(std::string token) {
  char& last = token[token.size() - 2];
  last = last == 'A' ? 'B' : 'A';
  return token;
}

TEST(Jws, Rfc7515HmacExampleVerifiesAndATamperedOneDoesNot) {
  VerificationKey key = only_key(kHs256Jwks);
  EXPECT_EQ(key.type(), KeyType::kOct);
  EXPECT_TRUE(verifies(key, kHs256Token));
  EXPECT_FALSE(verifies(key, flipped_last(kHs256Token)));
  std::string other_payload = kHs256Token;
  other_payload.replace(other_payload.find('.') + 1, 4, "eyJz");
  EXPECT_FALSE(verifies(key, other_payload));
}

TEST(Jws, Rfc7515RsaExampleVerifiesOnlyAsRs256) {
  VerificationKey key = only_key(rsa_jwks());
  EXPECT_EQ(key.type(), KeyType::kRsa);
  EXPECT_EQ(key.bits(), 2048);
  EXPECT_EQ(key.kid(), "rsa");
  std::string input = std::string("eyJhbGciOiJSUzI1NiJ9.") + kRfcPayload;
  Bytes signature = decoded(kRs256Signature);
  EXPECT_TRUE(key.verify(JwsAlgorithm::kRs256, input, signature));
  EXPECT_FALSE(key.verify(JwsAlgorithm::kPs256, input, signature)) << "PSS is another padding";
  EXPECT_FALSE(key.verify(JwsAlgorithm::kRs384, input, signature));
  signature[10] ^= 1;
  EXPECT_FALSE(key.verify(JwsAlgorithm::kRs256, input, signature));
  EXPECT_FALSE(key.verify(JwsAlgorithm::kRs256, input, {}));
}

TEST(Jws, Rfc7515EcdsaExampleVerifiesInTheRawForm) {
  VerificationKey key = only_key(kEcJwks);
  EXPECT_EQ(key.type(), KeyType::kEc);
  std::string input = std::string("eyJhbGciOiJFUzI1NiJ9.") + kRfcPayload;
  Bytes signature = decoded(kEs256Signature);
  EXPECT_TRUE(key.verify(JwsAlgorithm::kEs256, input, signature));
  EXPECT_FALSE(key.verify(JwsAlgorithm::kEs384, input, signature)) << "another curve";
  Bytes short_signature(signature.begin(), signature.end() - 1);
  EXPECT_FALSE(key.verify(JwsAlgorithm::kEs256, input, short_signature));
  signature[40] ^= 1;
  EXPECT_FALSE(key.verify(JwsAlgorithm::kEs256, input, signature));
}

// Its payload is text, not claims: the signature is checked on its own.
TEST(Jws, Rfc8037Ed25519ExampleVerifies) {
  VerificationKey key = only_key(kEd25519Jwks);
  EXPECT_EQ(key.type(), KeyType::kOkp);
  std::string_view token = kEd25519Token;
  std::string_view input = token.substr(0, token.rfind('.'));
  Bytes signature = decoded(token.substr(token.rfind('.') + 1));
  EXPECT_TRUE(key.verify(JwsAlgorithm::kEdDsa, input, signature));
  signature[0] ^= 1;
  EXPECT_FALSE(key.verify(JwsAlgorithm::kEdDsa, input, signature));
  std::string error;
  EXPECT_FALSE(parse_compact_jws(token, error)) << "a JWT's payload is a JSON object";
}

// The "public key as HMAC secret" attack: an HS256 token MACed with the RSA key's public text
// never meets that key as a secret.
TEST(Jws, HmacTokenNeverChecksAgainstAPublicKey) {
  VerificationKey rsa = only_key(rsa_jwks());
  EXPECT_FALSE(rsa.fits(JwsAlgorithm::kHs256));
  EXPECT_FALSE(verifies(rsa, kHs256Token));
  VerificationKey secret = only_key(kHs256Jwks);
  for (JwsAlgorithm algorithm :
       {JwsAlgorithm::kRs256, JwsAlgorithm::kEs256, JwsAlgorithm::kEdDsa}) {
    EXPECT_FALSE(secret.fits(algorithm));
  }
}

TEST(Jws, NoneAndUnknownAlgorithmsHaveNoName) {
  EXPECT_FALSE(jws_algorithm("none"));
  EXPECT_FALSE(jws_algorithm("HS512"));
  EXPECT_FALSE(jws_algorithm("rs256"));
  EXPECT_EQ(jws_algorithm("EdDSA"), JwsAlgorithm::kEdDsa);
  EXPECT_EQ(jws_algorithm_name(JwsAlgorithm::kPs256), "PS256");
}

TEST(Jws, MalformedTokensSayWhat) {
  struct Case {
    std::string token;
    std::string error;
  };
  const Case cases[] = {
      {"abc.def", "the token is not three dot-separated parts"},
      {"a.b.c.d", "the token is not three dot-separated parts"},
      {std::string("eyJhbGciOiJIUzI1NiJ9=.") + kRfcPayload + ".AA",
       "the token's header is not base64url-encoded JSON object"},
      {std::string("WzFd.") + kRfcPayload + ".AA",  // [1]
       "the token's header is not base64url-encoded JSON object"},
      {std::string("e30.") + kRfcPayload + ".AA", "the token's header has no \"alg\""},  // {}
      {std::string("eyJhbGciOiJIUzI1NiIsImtpZCI6MX0.") + kRfcPayload + ".AA",            // kid: 1
       "the token's \"kid\" is not a string"},
      {std::string("eyJhbGciOiJIUzI1NiIsImNyaXQiOlsiZXhwIl19.") + kRfcPayload + ".AA",
       "the token's header has \"crit\" extensions, which are not supported"},
      {"eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.AA",  // "not json"
       "the token's payload is not a base64url-encoded JSON object"},
      {std::string("eyJhbGciOiJIUzI1NiJ9.") + kRfcPayload + ".A+A",
       "the token's signature is not base64url"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(parse_compact_jws(c.token, error)) << c.token;
    EXPECT_EQ(error, c.error) << c.token;
  }
  std::string error;
  std::optional<CompactJws> parsed = parse_compact_jws(kHs256Token, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->alg, "HS256");
  EXPECT_EQ(parsed->claims["iss"], "joe");
}

TEST(Jws, Base64urlHasOneSpellingPerValue) {
  EXPECT_EQ(*base64url_decode("AQAB"), (Bytes{1, 0, 1}));
  EXPECT_EQ(*base64url_decode("-_8"), (Bytes{0xfb, 0xff}));
  EXPECT_FALSE(base64url_decode("AQ=="));
  EXPECT_FALSE(base64url_decode("AR")) << "low bits set past the last byte";
  EXPECT_FALSE(base64url_decode("A"));
  EXPECT_FALSE(base64url_decode("A/B"));
}

TEST(Jws, JwkSetsRefuseWeakOrBrokenKeysAndSkipOthers) {
  std::string error;
  EXPECT_FALSE(parse_jwks(rsa_jwks(), 4096, error));
  EXPECT_EQ(error, "keys[0]: the RSA key has 2048 bits; at least 4096 are required");
  EXPECT_FALSE(parse_jwks(R"({"keys": [{"kty": "EC", "crv": "P-256", "x": "AQAB", "y": "AQAB"}]})",
                          2048, error));
  EXPECT_EQ(error, "keys[0]: \"x\" and \"y\" must be 32 bytes each for P-256");
  // A point that is not on the curve.
  EXPECT_FALSE(parse_jwks(
      R"({"keys": [{"kty": "EC", "crv": "P-256",
          "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
          "y": "y_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})",
      2048, error));
  EXPECT_EQ(error, "keys[0]: the EC key is not a point of P-256");
  EXPECT_FALSE(parse_jwks(R"({"keys": [{"kty": "RSA", "e": "AQAB"}]})", 2048, error));
  EXPECT_EQ(error, "keys[0]: \"n\" is missing or not base64url");
  EXPECT_FALSE(parse_jwks(R"({"keys": {}})", 2048, error));
  EXPECT_EQ(error, "not a JWK set: a JSON object with a \"keys\" array");
  std::optional<std::vector<VerificationKey>> skipped = parse_jwks(
      R"({"keys": [{"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"},
                   {"kty": "OKP", "crv": "X25519", "x": "AQAB"}, {"kty": "EC", "crv": "P-521"}]})",
      2048, error);
  ASSERT_TRUE(skipped) << error;
  EXPECT_TRUE(skipped->empty());
}

// Keys and signatures made by the openssl command line, PEM in and signature out.
class OpensslKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version > /dev/null 2>&1") != 0) {
      GTEST_SKIP() << "openssl is not installed";
    }
    dir_ = fs::temp_directory_path() / ("svcgen-jws-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void run(const std::string& command) {
    ASSERT_EQ(std::system(("cd " + dir_.string() + " && " + command + " 2>/dev/null").c_str()), 0)
        << command;
  }
  std::string read(const std::string& name) {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  Bytes read_bytes(const std::string& name) {
    std::string text = read(name);
    return Bytes(text.begin(), text.end());
  }

  fs::path dir_;
};

TEST_F(OpensslKeys, RsaPemVerifiesPssAndPkcs1Signatures) {
  run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem");
  run("openssl pkey -in key.pem -pubout -out pub.pem");
  run("printf 'header.payload' > input");
  run("openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sign key.pem "
      "-out pss.sig input");
  run("openssl dgst -sha384 -sign key.pem -out rs384.sig input");
  std::string error;
  std::optional<VerificationKey> key = VerificationKey::from_pem(read("pub.pem"), error);
  ASSERT_TRUE(key) << error;
  EXPECT_EQ(key->type(), KeyType::kRsa);
  EXPECT_EQ(key->bits(), 2048);
  EXPECT_TRUE(key->verify(JwsAlgorithm::kPs256, "header.payload", read_bytes("pss.sig")));
  EXPECT_FALSE(key->verify(JwsAlgorithm::kRs256, "header.payload", read_bytes("pss.sig")));
  EXPECT_TRUE(key->verify(JwsAlgorithm::kRs384, "header.payload", read_bytes("rs384.sig")));
  EXPECT_FALSE(key->verify(JwsAlgorithm::kRs384, "header.payloaD", read_bytes("rs384.sig")));
}

TEST_F(OpensslKeys, Ed25519PemVerifies) {
  run("openssl genpkey -algorithm ed25519 -out key.pem");
  run("openssl pkey -in key.pem -pubout -out pub.pem");
  run("printf 'header.payload' > input");
  run("openssl pkeyutl -sign -rawin -inkey key.pem -in input -out ed.sig");
  std::string error;
  std::optional<VerificationKey> key = VerificationKey::from_pem(read("pub.pem"), error);
  ASSERT_TRUE(key) << error;
  EXPECT_EQ(key->type(), KeyType::kOkp);
  EXPECT_TRUE(key->verify(JwsAlgorithm::kEdDsa, "header.payload", read_bytes("ed.sig")));
  EXPECT_FALSE(key->verify(JwsAlgorithm::kEs256, "header.payload", read_bytes("ed.sig")));
}

TEST_F(OpensslKeys, PemOfAnotherKindOrCurveIsRefused) {
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out k1.pem");
  run("openssl pkey -in k1.pem -pubout -out k1.pub");
  run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.pem");
  run("openssl pkey -in p384.pem -pubout -out p384.pub");
  std::string error;
  EXPECT_FALSE(VerificationKey::from_pem(read("k1.pub"), error));
  EXPECT_EQ(error, "the EC key's curve secp256k1 is neither P-256 nor P-384");
  std::optional<VerificationKey> p384 = VerificationKey::from_pem(read("p384.pub"), error);
  ASSERT_TRUE(p384) << error;
  EXPECT_TRUE(p384->fits(JwsAlgorithm::kEs384));
  EXPECT_FALSE(p384->fits(JwsAlgorithm::kEs256));
  EXPECT_FALSE(VerificationKey::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n", error));
  EXPECT_EQ(error, "not a PEM public key (-----BEGIN PUBLIC KEY-----)");
}

}  // namespace
}  // namespace svcgen::auth
