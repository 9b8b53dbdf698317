#include "analysis/packages/hash_format.h"

#include <algorithm>
#include <array>

#include "analysis/eval/hash.h"

namespace fw::packages {

namespace {

struct AlgoInfo {
  HashAlgo algo;
  std::string_view name;
  std::size_t bytes;
};

constexpr std::array kAlgos = {
    AlgoInfo{HashAlgo::Md5, "md5", 16},
    AlgoInfo{HashAlgo::Sha1, "sha1", 20},
    AlgoInfo{HashAlgo::Sha256, "sha256", 32},
    AlgoInfo{HashAlgo::Sha512, "sha512", 64},
};

std::size_t hexLen(std::size_t bytes) { return bytes * 2; }
std::size_t base32Len(std::size_t bytes) { return (bytes * 8 - 1) / 5 + 1; }
std::size_t base64Len(std::size_t bytes) { return (bytes + 2) / 3 * 4; }

bool isBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Base-64 as Nix 2.8 decodes it: padding optional, everything after the
// first '=' ignored, other characters refused.
std::optional<std::string> decodeBase64(std::string_view text) {
  const std::size_t eq = text.find('=');
  const std::string_view body = text.substr(0, eq);
  if (!std::all_of(body.begin(), body.end(), isBase64Char)) return std::nullopt;
  if (eq != std::string_view::npos &&
      text.find_first_not_of('=', eq) != std::string_view::npos)
    return std::nullopt;
  return eval::fromBase64(body);
}

HashParse fail(std::string message) {
  HashParse p;
  p.error = std::move(message);
  return p;
}

// A digest of `algo` without SRI: its length says the encoding.
HashParse parseDigest(std::string_view digest, HashAlgo algo, bool prefixed) {
  const std::size_t bytes = algoBytes(algo);
  ParsedHash h;
  h.algo = algo;
  h.prefixed = prefixed;
  std::optional<std::string> raw;
  if (digest.size() == hexLen(bytes)) {
    h.encoding = HashEncoding::Hex;
    raw = eval::fromHex(digest);
    if (!raw) return fail("not a hexadecimal " + std::string(algoName(algo)) + " hash (a character is not 0-9 or a-f)");
  } else if (digest.size() == base32Len(bytes)) {
    h.encoding = HashEncoding::Base32;
    raw = eval::fromNixBase32(digest);
    if (!raw) {
      return fail("not a valid Nix base-32 " + std::string(algoName(algo)) +
                  " hash (Nix base-32 has no e, o, u or t, and the first digit must fit)");
    }
  } else if (digest.size() == base64Len(bytes)) {
    h.encoding = HashEncoding::Base64;
    raw = decodeBase64(digest);
    if (!raw || raw->size() != bytes)
      return fail("not a valid base-64 " + std::string(algoName(algo)) + " hash");
  } else {
    return fail("a " + std::string(algoName(algo)) + " hash has " + std::to_string(hexLen(bytes)) +
                " hexadecimal, " + std::to_string(base32Len(bytes)) + " base-32 or " +
                std::to_string(base64Len(bytes)) + " base-64 characters; this one has " +
                std::to_string(digest.size()));
  }
  h.raw = std::move(*raw);
  HashParse p;
  p.hash = std::move(h);
  return p;
}

}  // namespace

std::string_view algoName(HashAlgo a) {
  for (const AlgoInfo& i : kAlgos)
    if (i.algo == a) return i.name;
  return "sha256";
}

std::size_t algoBytes(HashAlgo a) {
  for (const AlgoInfo& i : kAlgos)
    if (i.algo == a) return i.bytes;
  return 32;
}

std::optional<HashAlgo> algoFromName(std::string_view name) {
  for (const AlgoInfo& i : kAlgos)
    if (i.name == name) return i.algo;
  return std::nullopt;
}

bool ParsedHash::allZero() const {
  return std::all_of(raw.begin(), raw.end(), [](char c) { return c == 0; });
}

HashParse parseHash(std::string_view text, std::optional<HashAlgo> known) {
  if (text.empty()) return fail("the hash is empty");
  // SRI: `<algo>-<base64>`.
  const std::size_t dash = text.find('-');
  const std::size_t colon = text.find(':');
  if (dash != std::string_view::npos && (colon == std::string_view::npos || dash < colon)) {
    const std::string_view name = text.substr(0, dash);
    const std::optional<HashAlgo> algo = algoFromName(name);
    if (!algo) return fail("unknown hash algorithm '" + std::string(name) + "' (md5, sha1, sha256 or sha512)");
    if (known && *known != *algo) {
      return fail("a " + std::string(name) + " hash where a " + std::string(algoName(*known)) +
                  " hash is expected");
    }
    const std::optional<std::string> raw = decodeBase64(text.substr(dash + 1));
    if (!raw) return fail("the part after '" + std::string(name) + "-' is not base-64");
    if (raw->size() != algoBytes(*algo)) {
      return fail("an SRI " + std::string(name) + " hash holds " + std::to_string(algoBytes(*algo)) +
                  " bytes (" + std::to_string(base64Len(algoBytes(*algo))) +
                  " base-64 characters); this one holds " + std::to_string(raw->size()));
    }
    HashParse p;
    p.hash = ParsedHash{*algo, HashEncoding::Sri, false, *raw};
    return p;
  }
  // `<algo>:<digest>`.
  if (colon != std::string_view::npos) {
    const std::string_view name = text.substr(0, colon);
    const std::optional<HashAlgo> algo = algoFromName(name);
    if (!algo) return fail("unknown hash algorithm '" + std::string(name) + "' (md5, sha1, sha256 or sha512)");
    if (known && *known != *algo) {
      return fail("a " + std::string(name) + " hash where a " + std::string(algoName(*known)) +
                  " hash is expected");
    }
    return parseDigest(text.substr(colon + 1), *algo, true);
  }
  if (!known) {
    return fail("a bare digest does not say its algorithm: write it as SRI (`sha256-…`) or `sha256:…`");
  }
  return parseDigest(text, *known, false);
}

std::string toSri(const ParsedHash& h) {
  return std::string(algoName(h.algo)) + "-" + eval::toBase64(h.raw);
}

std::string toBase32(const ParsedHash& h) { return eval::toNixBase32(h.raw); }
std::string toHex(const ParsedHash& h) { return eval::toHex(h.raw); }

}  // namespace fw::packages
