// Copied by svcgen from its runtime library. DO NOT EDIT.
// The OpenSSL side of svcgen/jws.hpp: keys built from JWKs or PEM, and signature checks.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "svcgen/jws.hpp"

namespace svcgen::auth {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

}  // namespace

struct VerificationKey::Material {
  KeyType type = KeyType::kOct;
  std::string kid;
  std::string curve;  // "P-256", "P-384", "Ed25519"; "" for RSA and secrets
  int bits = 0;
  Pkey key;            // public keys
  std::string secret;  // HS256
};

namespace {

using Material = VerificationKey::Material;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct EcdsaSigFree {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn bignum(const Bytes& bytes) {
  return Bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

const EVP_MD* digest_of(JwsAlgorithm algorithm) {
  switch (algorithm) {
    case JwsAlgorithm::kRs384:
    case JwsAlgorithm::kEs384:
      return EVP_sha384();
    case JwsAlgorithm::kRs512:
      return EVP_sha512();
    case JwsAlgorithm::kEdDsa:
      return nullptr;  // Ed25519 hashes inside the signature scheme
    default:
      return EVP_sha256();
  }
}

// RFC 7518 section 3.4: ES* signatures are r||s, each as wide as the curve; OpenSSL verifies
// the DER form.
std::optional<Bytes> der_from_raw(const Bytes& raw, std::size_t half) {
  if (raw.size() != 2 * half) {
    return std::nullopt;
  }
  std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(raw.data(), static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + half, static_cast<int>(half), nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int length = i2d_ECDSA_SIG(sig.get(), &der);
  if (length <= 0) {
    return std::nullopt;
  }
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

bool verify_public(const Material& key, JwsAlgorithm algorithm, std::string_view input,
                   const Bytes& signature) {
  Bytes der;
  const Bytes* checked = &signature;
  if (algorithm == JwsAlgorithm::kEs256 || algorithm == JwsAlgorithm::kEs384) {
    std::optional<Bytes> converted =
        der_from_raw(signature, algorithm == JwsAlgorithm::kEs256 ? 32 : 48);
    if (!converted) {
      return false;
    }
    der = std::move(*converted);
    checked = &der;
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pkey_ctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pkey_ctx, digest_of(algorithm), nullptr,
                                   key.key.get()) != 1) {
    return false;
  }
  if (algorithm == JwsAlgorithm::kPs256 &&
      (EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
       EVP_PKEY_CTX_set_rsa_mgf1_md(pkey_ctx, EVP_sha256()) != 1)) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), checked->data(), checked->size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

bool verify_secret(const Material& key, std::string_view input, const Bytes& signature) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.secret.data(), static_cast<int>(key.secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
           &length) == nullptr) {
    return false;
  }
  return signature.size() == length && CRYPTO_memcmp(mac, signature.data(), length) == 0;
}

Pkey from_params(const char* type, OSSL_PARAM_BLD* builder) {
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(builder));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return Pkey(key);
}

// A member of a JWK that must be base64url; `error` names it when it is not.
std::optional<Bytes> member(const nlohmann::json& jwk, const char* name, std::string& error) {
  auto found = jwk.find(name);
  std::optional<Bytes> bytes;
  if (found != jwk.end() && found->is_string()) {
    bytes = base64url_decode(found->get<std::string>());
  }
  if (!bytes || bytes->empty()) {
    error = std::string("\"") + name + "\" is missing or not base64url";
    return std::nullopt;
  }
  return bytes;
}

std::shared_ptr<Material> rsa_jwk(const nlohmann::json& jwk, std::string& error) {
  std::optional<Bytes> n = member(jwk, "n", error);
  std::optional<Bytes> e = n ? member(jwk, "e", error) : std::nullopt;
  if (!e) {
    return nullptr;
  }
  Bn modulus = bignum(*n);
  Bn exponent = bignum(*e);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> builder(OSSL_PARAM_BLD_new());
  if (!modulus || !exponent || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    error = "the RSA key cannot be built";
    return nullptr;
  }
  auto material = std::make_shared<Material>();
  material->type = KeyType::kRsa;
  material->key = from_params("RSA", builder.get());
  if (!material->key) {
    error = "the RSA key is invalid";
    return nullptr;
  }
  material->bits = EVP_PKEY_get_bits(material->key.get());
  return material;
}

std::shared_ptr<Material> ec_jwk(const nlohmann::json& jwk, const std::string& curve,
                                 std::string& error) {
  std::size_t width = curve == "P-256" ? 32 : 48;
  std::optional<Bytes> x = member(jwk, "x", error);
  std::optional<Bytes> y = x ? member(jwk, "y", error) : std::nullopt;
  if (!y) {
    return nullptr;
  }
  if (x->size() != width || y->size() != width) {
    error = "\"x\" and \"y\" must be " + std::to_string(width) + " bytes each for " + curve;
    return nullptr;
  }
  Bytes point = {0x04};  // uncompressed
  point.insert(point.end(), x->begin(), x->end());
  point.insert(point.end(), y->begin(), y->end());
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> builder(OSSL_PARAM_BLD_new());
  const char* group = curve == "P-256" ? "prime256v1" : "secp384r1";
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    error = "the EC key cannot be built";
    return nullptr;
  }
  auto material = std::make_shared<Material>();
  material->type = KeyType::kEc;
  material->curve = curve;
  material->key = from_params("EC", builder.get());
  // EVP_PKEY_fromdata does not check that the point lies on the curve.
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
      material->key ? EVP_PKEY_CTX_new_from_pkey(nullptr, material->key.get(), nullptr) : nullptr);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    error = "the EC key is not a point of " + curve;
    return nullptr;
  }
  material->bits = static_cast<int>(width * 8);
  return material;
}

std::shared_ptr<Material> okp_jwk(const nlohmann::json& jwk, std::string& error) {
  std::optional<Bytes> x = member(jwk, "x", error);
  if (!x) {
    return nullptr;
  }
  auto material = std::make_shared<Material>();
  material->type = KeyType::kOkp;
  material->curve = "Ed25519";
  material->bits = 256;
  material->key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, x->data(), x->size()));
  if (!material->key) {
    error = "\"x\" is not an Ed25519 public key (32 bytes)";
    return nullptr;
  }
  return material;
}

std::shared_ptr<Material> oct_jwk(const nlohmann::json& jwk, std::string& error) {
  std::optional<Bytes> k = member(jwk, "k", error);
  if (!k) {
    return nullptr;
  }
  auto material = std::make_shared<Material>();
  material->secret.assign(k->begin(), k->end());
  material->bits = static_cast<int>(k->size() * 8);
  return material;
}

std::string text_member(const nlohmann::json& jwk, const char* name) {
  auto found = jwk.find(name);
  return found != jwk.end() && found->is_string() ? found->get<std::string>() : "";
}

// Nothing for a key to skip; with `error` set for one that is malformed.
std::shared_ptr<Material> key_of(const nlohmann::json& jwk, int min_rsa_bits, std::string& error) {
  if (!jwk.is_object()) {
    error = "not a JSON object";
    return nullptr;
  }
  std::string use = text_member(jwk, "use");
  std::string kty = text_member(jwk, "kty");
  std::string crv = text_member(jwk, "crv");
  if (!use.empty() && use != "sig") {
    return nullptr;
  }
  std::shared_ptr<Material> material;
  if (kty == "RSA") {
    material = rsa_jwk(jwk, error);
    if (material && material->bits < min_rsa_bits) {
      error = "the RSA key has " + std::to_string(material->bits) + " bits; at least " +
              std::to_string(min_rsa_bits) + " are required";
      return nullptr;
    }
  } else if (kty == "EC" && (crv == "P-256" || crv == "P-384")) {
    material = ec_jwk(jwk, crv, error);
  } else if (kty == "OKP" && crv == "Ed25519") {
    material = okp_jwk(jwk, error);
  } else if (kty == "oct") {
    material = oct_jwk(jwk, error);
  }
  if (material) {
    material->kid = text_member(jwk, "kid");
  }
  return material;
}

}  // namespace

VerificationKey::VerificationKey(std::shared_ptr<const Material> material)
    : material_(std::move(material)) {}

std::optional<VerificationKey> VerificationKey::from_pem(std::string_view pem, std::string& error) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    error = "not a PEM public key (-----BEGIN PUBLIC KEY-----)";
    return std::nullopt;
  }
  auto material = std::make_shared<Material>();
  material->bits = EVP_PKEY_get_bits(key.get());
  switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
      material->type = KeyType::kRsa;
      break;
    case EVP_PKEY_ED25519:
      material->type = KeyType::kOkp;
      material->curve = "Ed25519";
      break;
    case EVP_PKEY_EC: {
      char group[64] = {};
      std::size_t length = 0;
      EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     &length);
      std::string name(group, length);
      material->type = KeyType::kEc;
      material->curve = name == "prime256v1" ? "P-256" : name == "secp384r1" ? "P-384" : "";
      if (material->curve.empty()) {
        error = "the EC key's curve " + name + " is neither P-256 nor P-384";
        return std::nullopt;
      }
      break;
    }
    default:
      error = "the key is neither RSA, EC nor Ed25519";
      return std::nullopt;
  }
  material->key = std::move(key);
  return VerificationKey(std::move(material));
}

VerificationKey VerificationKey::from_secret(std::string secret, std::string kid) {
  auto material = std::make_shared<Material>();
  material->bits = static_cast<int>(secret.size() * 8);
  material->secret = std::move(secret);
  material->kid = std::move(kid);
  return VerificationKey(std::move(material));
}

KeyType VerificationKey::type() const { return material_->type; }
const std::string& VerificationKey::kid() const { return material_->kid; }
int VerificationKey::bits() const { return material_->bits; }

bool VerificationKey::fits(JwsAlgorithm algorithm) const {
  switch (algorithm) {
    case JwsAlgorithm::kRs256:
    case JwsAlgorithm::kRs384:
    case JwsAlgorithm::kRs512:
    case JwsAlgorithm::kPs256:
      return material_->type == KeyType::kRsa;
    case JwsAlgorithm::kEs256:
      return material_->type == KeyType::kEc && material_->curve == "P-256";
    case JwsAlgorithm::kEs384:
      return material_->type == KeyType::kEc && material_->curve == "P-384";
    case JwsAlgorithm::kEdDsa:
      return material_->type == KeyType::kOkp;
    case JwsAlgorithm::kHs256:
      return material_->type == KeyType::kOct;
  }
  return false;
}

bool VerificationKey::verify(JwsAlgorithm algorithm, std::string_view signing_input,
                             const Bytes& signature) const {
  if (!fits(algorithm)) {
    return false;
  }
  return material_->type == KeyType::kOct
             ? verify_secret(*material_, signing_input, signature)
             : verify_public(*material_, algorithm, signing_input, signature);
}

std::optional<std::vector<VerificationKey>> parse_jwks(std::string_view text, int min_rsa_bits,
                                                       std::string& error) {
  nlohmann::json set = nlohmann::json::parse(text, nullptr, false);
  if (set.is_discarded() || !set.is_object() || !set.contains("keys") || !set["keys"].is_array()) {
    error = "not a JWK set: a JSON object with a \"keys\" array";
    return std::nullopt;
  }
  std::vector<VerificationKey> keys;
  for (std::size_t i = 0; i < set["keys"].size(); ++i) {
    std::string problem;
    std::shared_ptr<Material> material = key_of(set["keys"][i], min_rsa_bits, problem);
    if (!problem.empty()) {
      error = "keys[" + std::to_string(i) + "]: " + problem;
      return std::nullopt;
    }
    if (material) {
      keys.emplace_back(std::move(material));
    }
  }
  return keys;
}

}  // namespace svcgen::auth
