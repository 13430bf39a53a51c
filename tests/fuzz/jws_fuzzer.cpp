// Tokens and JWK sets as an attacker sends them: parsing either ends in a value or an error
// message, and a parsed token's signature check against each test key ends in true or false.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "svcgen/jws.hpp"

namespace {

const std::vector<svcgen::auth::VerificationKey>& keys() {
  static const std::vector<svcgen::auth::VerificationKey> parsed = [] {
    std::string error;
    std::vector<svcgen::auth::VerificationKey> all = *svcgen::auth::parse_jwks(
        R"({"keys": [
          {"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
           "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
          {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
          {"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]})",
        2048, error);
    return all;
  }();
  return parsed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  if (std::optional<svcgen::auth::CompactJws> jws = svcgen::auth::parse_compact_jws(text, error)) {
    if (std::optional<svcgen::auth::JwsAlgorithm> algorithm =
            svcgen::auth::jws_algorithm(jws->alg)) {
      for (const svcgen::auth::VerificationKey& key : keys()) {
        (void)key.verify(*algorithm, jws->signing_input, jws->signature);
      }
    }
  }
  (void)svcgen::auth::parse_jwks(text, 2048, error);
  return 0;
}
