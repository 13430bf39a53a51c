#include "svcgen/sha256.hpp"

#include <array>
#include <cstdint>

namespace svcgen {
namespace {

constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

std::uint32_t rotate_right(std::uint32_t value, int bits) {
  return (value >> bits) | (value << (32 - bits));
}

void compress(std::array<std::uint32_t, 8>& state, const unsigned char* block) {
  std::array<std::uint32_t, 64> w{};
  for (std::size_t i = 0; i < 16; ++i) {
    w[i] = (std::uint32_t{block[i * 4]} << 24) | (std::uint32_t{block[i * 4 + 1]} << 16) |
           (std::uint32_t{block[i * 4 + 2]} << 8) | std::uint32_t{block[i * 4 + 3]};
  }
  for (std::size_t i = 16; i < 64; ++i) {
    std::uint32_t s0 = rotate_right(w[i - 15], 7) ^ rotate_right(w[i - 15], 18) ^ (w[i - 15] >> 3);
    std::uint32_t s1 = rotate_right(w[i - 2], 17) ^ rotate_right(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  auto [a, b, c, d, e, f, g, h] = state;
  for (std::size_t i = 0; i < 64; ++i) {
    std::uint32_t s1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
    std::uint32_t choice = (e & f) ^ (~e & g);
    std::uint32_t temp1 = h + s1 + choice + kRoundConstants[i] + w[i];
    std::uint32_t s0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
    std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    std::uint32_t temp2 = s0 + majority;
    h = g;
    g = f;
    f = e;
    e = d + temp1;
    d = c;
    c = b;
    b = a;
    a = temp1 + temp2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

// Hashes `data` onward from `state`, which has already absorbed `prefix_bytes` (whole blocks),
// and returns the 32-byte digest.
std::string finish(std::array<std::uint32_t, 8> state, std::string_view data,
                   std::uint64_t prefix_bytes) {
  std::size_t full_blocks = data.size() / 64;
  for (std::size_t i = 0; i < full_blocks; ++i) {
    compress(state, reinterpret_cast<const unsigned char*>(data.data()) + i * 64);
  }
  unsigned char tail[128] = {};
  std::size_t rest = data.size() - full_blocks * 64;
  for (std::size_t i = 0; i < rest; ++i) {
    tail[i] = static_cast<unsigned char>(data[full_blocks * 64 + i]);
  }
  tail[rest] = 0x80;
  std::size_t tail_size = rest + 1 + 8 <= 64 ? 64 : 128;
  std::uint64_t bits = (prefix_bytes + data.size()) * 8;
  for (std::size_t i = 0; i < 8; ++i) {
    tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (i * 8));
  }
  compress(state, tail);
  if (tail_size == 128) {
    compress(state, tail + 64);
  }
  std::string raw;
  raw.reserve(32);
  for (std::uint32_t word : state) {
    raw += static_cast<char>(word >> 24);
    raw += static_cast<char>((word >> 16) & 0xFF);
    raw += static_cast<char>((word >> 8) & 0xFF);
    raw += static_cast<char>(word & 0xFF);
  }
  return raw;
}

constexpr std::array<std::uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

std::string to_hex(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (char c : raw) {
    auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

}  // namespace

std::string sha256_raw(std::string_view data) { return finish(kInitialState, data, 0); }

std::string sha256_hex(std::string_view data) { return to_hex(sha256_raw(data)); }

HmacSha256::HmacSha256(std::string_view key) : inner_(kInitialState), outer_(kInitialState) {
  std::array<unsigned char, 64> inner_pad{};
  std::array<unsigned char, 64> outer_pad{};
  std::string short_key = key.size() > 64 ? sha256_raw(key) : std::string(key);
  for (std::size_t i = 0; i < 64; ++i) {
    auto byte = i < short_key.size() ? static_cast<unsigned char>(short_key[i]) : 0;
    inner_pad[i] = static_cast<unsigned char>(byte ^ 0x36);
    outer_pad[i] = static_cast<unsigned char>(byte ^ 0x5c);
  }
  compress(inner_, inner_pad.data());
  compress(outer_, outer_pad.data());
}

std::string HmacSha256::hex(std::string_view data) const {
  return to_hex(finish(outer_, finish(inner_, data, 64), 64));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  return HmacSha256(key).hex(data);
}

}  // namespace svcgen
