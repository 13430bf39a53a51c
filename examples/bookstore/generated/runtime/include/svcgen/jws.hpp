// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/types.hpp"

// JSON Web Signatures (RFC 7515) in compact form, and the keys that verify them: JWK sets
// (RFC 7517, 7518, 8037), PEM public keys and HS256 secrets. OpenSSL does the cryptography and
// stays behind these types.
namespace svcgen::auth {

enum class JwsAlgorithm { kRs256, kRs384, kRs512, kPs256, kEs256, kEs384, kEdDsa, kHs256 };

// Nothing for a name outside the list above (`none` included).
std::optional<JwsAlgorithm> jws_algorithm(std::string_view name);
std::string_view jws_algorithm_name(JwsAlgorithm algorithm);

enum class KeyType { kRsa, kEc, kOkp, kOct };

// A key that verifies signatures: a public key, or an HS256 secret. Cheap to copy.
class VerificationKey {
 public:
  // One PEM public key (SubjectPublicKeyInfo: RSA, EC P-256/P-384 or Ed25519).
  static std::optional<VerificationKey> from_pem(std::string_view pem, std::string& error);
  static VerificationKey from_secret(std::string secret, std::string kid = "");

  KeyType type() const;
  const std::string& kid() const;  // "" when the key has none
  int bits() const;                // RSA modulus or secret length in bits, curve size for EC/OKP

  // Whether `algorithm` belongs to this kind of key: RS*/PS* to RSA, ES256 to P-256, ES384 to
  // P-384, EdDSA to Ed25519, HS256 to a secret. An HS* token never meets a public key.
  bool fits(JwsAlgorithm algorithm) const;
  // False whenever the key does not fit the algorithm; ES* signatures are raw r||s.
  bool verify(JwsAlgorithm algorithm, std::string_view signing_input, const Bytes& signature) const;

  struct Material;
  explicit VerificationKey(std::shared_ptr<const Material> material);

 private:
  std::shared_ptr<const Material> material_;
};

// The keys of a JWK set. Keys whose "use" is not "sig", or of a type or curve outside the list
// above, are skipped; a malformed key, or an RSA key under `min_rsa_bits`, makes it fail.
std::optional<std::vector<VerificationKey>> parse_jwks(std::string_view text, int min_rsa_bits,
                                                       std::string& error);

// A compact JWS split and decoded; nothing signed is trusted yet.
// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's moves are noexcept
struct CompactJws {
  nlohmann::json header;  // an object
  nlohmann::json claims;  // the payload, an object
  std::string alg;        // the header's "alg" as written
  std::optional<std::string> kid;
  std::string_view signing_input;  // into the token passed in: header.payload
  Bytes signature;
};

// Nothing, with `error` saying what is malformed, unless `token` is three base64url parts
// (no padding) whose first two are JSON objects with a string "alg".
std::optional<CompactJws> parse_compact_jws(std::string_view token, std::string& error);

std::optional<Bytes> base64url_decode(std::string_view text);

}  // namespace svcgen::auth
