#pragma once

// Real keys and tokens for the verification tests: openssl makes the keys, mint_jwt.py (Python's
// cryptography package) signs, and tests skip when either is missing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include <unistd.h>

#include "svcgen/auth.hpp"
#include "svcgen/task.hpp"

namespace svcgen::auth::testing {

namespace fs = std::filesystem;

// The tests drive the openssl and python3 command lines on purpose, as the JWS tests do.
inline std::string shell_output(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return output;
  }
  char buffer[4096];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, read);
  }
  if (::pclose(pipe) != 0) {
    throw std::runtime_error("failed: " + command);
  }
  while (!output.empty() && output.back() == '\n') {
    output.pop_back();
  }
  return output;
}

inline std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline std::string quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// Key files made once per test program: rsa (2048), rsa2 (another 2048), rsa1024, ec (P-256),
// ed (Ed25519), each with its public half as NAME.pub.
class JwtKeys : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("openssl version > /dev/null 2>&1") != 0) {
      skip_reason() = "openssl is not installed";
      return;
    }
    if (std::system("python3 -c 'import cryptography' > /dev/null 2>&1") != 0) {
      skip_reason() = "python3 with the cryptography package is not installed";
      return;
    }
    if (!fs::exists(dir() / "ed.pub")) {
      known_jwks().clear();
      fs::create_directories(dir());
      const std::map<std::string, std::string> keys = {
          {"rsa", "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"},
          {"rsa2", "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"},
          {"rsa1024", "-algorithm RSA -pkeyopt rsa_keygen_bits:1024"},
          {"ec", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256"},
          {"ed", "-algorithm ed25519"},
      };
      for (const auto& [name, options] : keys) {
        std::string key = (dir() / (name + ".pem")).string();
        std::string pub = (dir() / (name + ".pub")).string();
        std::string generate = "openssl genpkey ";
        generate.append(options).append(" -out ").append(key).append(" 2>/dev/null");
        shell_output(generate);
        std::string extract = "openssl pkey -in ";
        extract.append(key).append(" -pubout -out ").append(pub).append(" 2>/dev/null");
        shell_output(extract);
      }
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir()); }

  void SetUp() override {
    if (!skip_reason().empty()) {
      GTEST_SKIP() << skip_reason();
    }
  }

  static fs::path dir() {
    return fs::temp_directory_path() / ("svcgen-jwt-" + std::to_string(::getpid()));
  }
  static std::string& skip_reason() {
    static std::string reason;
    return reason;
  }
  static std::map<std::string, nlohmann::json>& known_jwks() {
    static std::map<std::string, nlohmann::json> known;
    return known;
  }
  static std::string key(const std::string& name) { return (dir() / name).string(); }

  static std::string mint(const std::string& key_file, const std::string& alg,
                          const std::string& kid, const nlohmann::json& claims,
                          const nlohmann::json& header = nlohmann::json::object()) {
    return shell_output(std::string("python3 ") + SVCGEN_MINT_JWT + " sign --key " +
                        quoted(key(key_file)) + " --alg " + alg +
                        (kid.empty() ? "" : " --kid " + quoted(kid)) + " --header " +
                        quoted(header.dump()) + " " + quoted(claims.dump()));
  }
  // Remembered per key: starting Python is what makes these tests slow.
  static nlohmann::json jwk(const std::string& key_file, const std::string& kid) {
    std::map<std::string, nlohmann::json>& known = known_jwks();
    auto found = known.find(key_file);
    if (found == known.end()) {
      found = known
                  .emplace(key_file, nlohmann::json::parse(
                                         shell_output(std::string("python3 ") + SVCGEN_MINT_JWT +
                                                      " jwk --key " + quoted(key(key_file)))))
                  .first;
    }
    nlohmann::json jwk = found->second;
    if (!kid.empty()) {
      jwk["kid"] = kid;
    }
    return jwk;
  }
  static std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir() / name, std::ios::binary) << text;
    return key(name);
  }

  static nlohmann::json claims(std::int64_t expires_in = 300) {
    return {{"iss", "https://issuer.test"},
            {"aud", "notes"},
            {"sub", "alice"},
            {"exp", now_seconds() + expires_in},
            {"roles", {"admin", "reader"}}};
  }
  static JwtSettings settings() {
    JwtSettings jwt;
    jwt.issuer = "https://issuer.test";
    jwt.audience = {"notes", "other"};
    return jwt;
  }
};

inline EnvLookup environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    auto found = variables.find(std::string(name));
    if (found == variables.end()) {
      return std::nullopt;
    }
    return found->second;
  };
}

inline Logger quiet_logger(std::vector<std::string>* lines = nullptr) {
  return Logger("test", LogLevel::kDebug, LogFormat::kJson, false, [lines](std::string_view line) {
    if (lines != nullptr) {
      lines->emplace_back(line);
    }
  });
}

// Runs a task on this thread; when it suspends (an unknown kid), waits for whichever thread
// finishes it.
inline AuthOutcome run(Task<AuthOutcome> task) {
  std::promise<AuthOutcome> done;
  std::future<AuthOutcome> result = done.get_future();
  spawn(std::move(task), [&done](const std::exception_ptr& error, AuthOutcome outcome) {
    if (error) {
      done.set_exception(error);
    } else {
      done.set_value(std::move(outcome));
    }
  });
  return result.get();
}

}  // namespace svcgen::auth::testing
