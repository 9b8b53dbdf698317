#include "analysis/eval/hash.h"

#include <array>
#include <cmath>
#include <cstring>

namespace fw::eval {

namespace {

inline std::uint32_t rotr32(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline std::uint32_t rotl32(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
inline std::uint64_t rotr64(std::uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

// Pads a message the MD/SHA way: 0x80, zeros, then the bit length in
// `lenBytes` bytes (big or little endian).
std::string pad(std::string_view data, std::size_t block, std::size_t lenBytes, bool bigEndian) {
  std::string m(data);
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  m += static_cast<char>(0x80);
  while ((m.size() + lenBytes) % block != 0) m += '\0';
  for (std::size_t i = 0; i < lenBytes; ++i) {
    const std::size_t shift = bigEndian ? (lenBytes - 1 - i) * 8 : i * 8;
    m += shift < 64 ? static_cast<char>((bits >> shift) & 0xff) : '\0';
  }
  return m;
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::uint64_t be64(const unsigned char* p) {
  return (std::uint64_t{be32(p)} << 32) | be32(p + 4);
}

}  // namespace

std::string sha256(std::string_view data) {
  static const std::uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  std::uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const std::string m = pad(data, 64, 8, true);
  for (std::size_t off = 0; off < m.size(); off += 64) {
    const auto* p = reinterpret_cast<const unsigned char*>(m.data() + off);
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i) w[i] = be32(p + 4 * i);
    for (int i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr32(w[i - 15], 7) ^ rotr32(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr32(w[i - 2], 17) ^ rotr32(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t S1 = rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25);
      const std::uint32_t ch = (e & f) ^ (~e & g);
      const std::uint32_t t1 = hh + S1 + ch + k[i] + w[i];
      const std::uint32_t S0 = rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22);
      const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      const std::uint32_t t2 = S0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  std::string out(32, '\0');
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<char>((h[i] >> (24 - 8 * j)) & 0xff);
  }
  return out;
}

std::string sha512(std::string_view data) {
  static const std::uint64_t k[80] = {
      0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
      0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
      0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
      0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
      0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
      0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
      0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
      0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
      0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
      0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
      0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
      0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
      0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
      0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
      0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
      0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};
  std::uint64_t h[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
                        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
  const std::string m = pad(data, 128, 16, true);
  for (std::size_t off = 0; off < m.size(); off += 128) {
    const auto* p = reinterpret_cast<const unsigned char*>(m.data() + off);
    std::uint64_t w[80];
    for (int i = 0; i < 16; ++i) w[i] = be64(p + 8 * i);
    for (int i = 16; i < 80; ++i) {
      const std::uint64_t s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >> 7);
      const std::uint64_t s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >> 6);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 80; ++i) {
      const std::uint64_t S1 = rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41);
      const std::uint64_t ch = (e & f) ^ (~e & g);
      const std::uint64_t t1 = hh + S1 + ch + k[i] + w[i];
      const std::uint64_t S0 = rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39);
      const std::uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
      const std::uint64_t t2 = S0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  std::string out(64, '\0');
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 8; ++j) out[8 * i + j] = static_cast<char>((h[i] >> (56 - 8 * j)) & 0xff);
  }
  return out;
}

std::string sha1(std::string_view data) {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const std::string m = pad(data, 64, 8, true);
  for (std::size_t off = 0; off < m.size(); off += 64) {
    const auto* p = reinterpret_cast<const unsigned char*>(m.data() + off);
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i) w[i] = be32(p + 4 * i);
    for (int i = 16; i < 80; ++i) w[i] = rotl32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
      else { f = b ^ c ^ d; k = 0xCA62C1D6; }
      const std::uint32_t t = rotl32(a, 5) + f + e + k + w[i];
      e = d; d = c; c = rotl32(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  std::string out(20, '\0');
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<char>((h[i] >> (24 - 8 * j)) & 0xff);
  }
  return out;
}

std::string md5(std::string_view data) {
  static const std::uint32_t s[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  static std::uint32_t k[64];
  static const bool init = [] {
    for (int i = 0; i < 64; ++i) {
      k[i] = static_cast<std::uint32_t>(static_cast<std::uint64_t>(
          std::fabs(std::sin(static_cast<double>(i + 1))) * 4294967296.0));
    }
    return true;
  }();
  (void)init;
  std::uint32_t a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  const std::string m = pad(data, 64, 8, false);
  for (std::size_t off = 0; off < m.size(); off += 64) {
    const auto* p = reinterpret_cast<const unsigned char*>(m.data() + off);
    std::uint32_t w[16];
    for (int i = 0; i < 16; ++i) {
      w[i] = std::uint32_t{p[4 * i]} | (std::uint32_t{p[4 * i + 1]} << 8) |
             (std::uint32_t{p[4 * i + 2]} << 16) | (std::uint32_t{p[4 * i + 3]} << 24);
    }
    std::uint32_t a = a0, b = b0, c = c0, d = d0;
    for (int i = 0; i < 64; ++i) {
      std::uint32_t f;
      int g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      f = f + a + k[i] + w[g];
      a = d; d = c; c = b;
      b = b + rotl32(f, static_cast<int>(s[i]));
    }
    a0 += a; b0 += b; c0 += c; d0 += d;
  }
  std::string out(16, '\0');
  const std::uint32_t r[4] = {a0, b0, c0, d0};
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<char>((r[i] >> (8 * j)) & 0xff);
  }
  return out;
}

std::string toHex(std::string_view raw) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 0xf];
  }
  return out;
}

std::string toNixBase32(std::string_view raw) {
  static const char chars[] = "0123456789abcdfghijklmnpqrsvwxyz";
  const std::size_t len = (raw.size() * 8 - 1) / 5 + 1;
  std::string out;
  out.reserve(len);
  for (std::size_t n = len; n-- > 0;) {
    const std::size_t b = n * 5;
    const std::size_t i = b / 8;
    const std::size_t j = b % 8;
    const unsigned c0 = static_cast<unsigned char>(raw[i]);
    const unsigned c1 = i + 1 < raw.size() ? static_cast<unsigned char>(raw[i + 1]) : 0;
    const unsigned c = (c0 >> j) | (c1 << (8 - j));
    out += chars[c & 0x1f];
  }
  return out;
}

std::string toBase64(std::string_view raw) {
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    const unsigned b0 = static_cast<unsigned char>(raw[i]);
    const unsigned b1 = i + 1 < raw.size() ? static_cast<unsigned char>(raw[i + 1]) : 0;
    const unsigned b2 = i + 2 < raw.size() ? static_cast<unsigned char>(raw[i + 2]) : 0;
    const unsigned triple = (b0 << 16) | (b1 << 8) | b2;
    out += chars[(triple >> 18) & 0x3f];
    out += chars[(triple >> 12) & 0x3f];
    out += i + 1 < raw.size() ? chars[(triple >> 6) & 0x3f] : '=';
    out += i + 2 < raw.size() ? chars[triple & 0x3f] : '=';
  }
  return out;
}

std::optional<std::string> fromNixBase32(std::string_view text) {
  static const std::string_view chars = "0123456789abcdfghijklmnpqrsvwxyz";
  const std::size_t size = text.size() * 5 / 8;
  std::string out(size, '\0');
  for (std::size_t n = 0; n < text.size(); ++n) {
    const std::size_t digit = chars.find(text[text.size() - n - 1]);
    if (digit == std::string_view::npos) return std::nullopt;
    const std::size_t b = n * 5;
    const std::size_t i = b / 8;
    const std::size_t j = b % 8;
    if (i < size) out[i] = static_cast<char>(static_cast<unsigned char>(out[i]) | (digit << j));
    const unsigned carry = static_cast<unsigned>(digit >> (8 - j));
    if (i + 1 < size) {
      out[i + 1] = static_cast<char>(static_cast<unsigned char>(out[i + 1]) | carry);
    } else if (carry) {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<std::string> fromBase64(std::string_view text) {
  static const std::string_view chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const std::size_t d = chars.find(c);
    if (d == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::optional<std::string> fromHex(std::string_view text) {
  if (text.size() % 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::optional<std::string> parseSha256(std::string_view text) {
  if (text.substr(0, 7) == "sha256-" || text.substr(0, 7) == "sha256:") text = text.substr(7);
  std::optional<std::string> raw;
  if (text.size() == 64) {
    raw = fromHex(text);
  } else if (text.size() == 52) {
    raw = fromNixBase32(text);
  } else {
    raw = fromBase64(text);
  }
  if (!raw || raw->size() != 32) return std::nullopt;
  return raw;
}

std::string makeStorePath(std::string_view type, std::string_view hashHex, std::string_view name) {
  const std::string s = std::string(type) + ":sha256:" + std::string(hashHex) + ":/nix/store:" + std::string(name);
  return "/nix/store/" + toNixBase32(compressHash(sha256(s), 20)) + "-" + std::string(name);
}

std::string compressHash(std::string_view raw, std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < raw.size(); ++i) out[i % size] = static_cast<char>(out[i % size] ^ raw[i]);
  return out;
}

}  // namespace fw::eval
