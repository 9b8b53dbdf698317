#pragma once
// Hashes as Nix reads them in fetchers and fixed-output derivations:
// SRI (`sha256-<base64>`), `<algo>:<digest>` and bare digests in hex, Nix
// base-32 or base-64. Parsing follows Nix 2.8 (hash.cc): a prefixed or
// bare digest must have the exact length of its encoding; SRI digests are
// base-64 of any length that decodes to the algorithm's size.

#include <optional>
#include <string>
#include <string_view>

namespace fw::packages {

enum class HashAlgo { Md5, Sha1, Sha256, Sha512 };

[[nodiscard]] std::string_view algoName(HashAlgo a);
[[nodiscard]] std::size_t algoBytes(HashAlgo a);
[[nodiscard]] std::optional<HashAlgo> algoFromName(std::string_view name);

enum class HashEncoding { Sri, Hex, Base32, Base64 };

struct ParsedHash {
  HashAlgo algo = HashAlgo::Sha256;
  HashEncoding encoding = HashEncoding::Sri;
  bool prefixed = false;  // `sha256:…`
  std::string raw;        // the digest's bytes

  // All bytes zero: lib.fakeSha256, lib.fakeHash and friends.
  [[nodiscard]] bool allZero() const;
};

struct HashParse {
  std::optional<ParsedHash> hash;
  std::string error;  // why Nix would refuse it, when hash is empty
};

// `known`: the algorithm the attribute name implies (`sha256 = …`), which
// bare digests need. Without it (`hash = …`), only SRI and prefixed forms
// are complete.
[[nodiscard]] HashParse parseHash(std::string_view text, std::optional<HashAlgo> known);

// `sha256-<base64>`.
[[nodiscard]] std::string toSri(const ParsedHash& h);
[[nodiscard]] std::string toBase32(const ParsedHash& h);
[[nodiscard]] std::string toHex(const ParsedHash& h);

}  // namespace fw::packages
