#pragma once
// Message digests for builtins.hashString, placeholder and derivation
// paths, and Nix's base-32 alphabet for store paths.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fw::eval {

[[nodiscard]] std::string md5(std::string_view data);     // 16 raw bytes
[[nodiscard]] std::string sha1(std::string_view data);    // 20 raw bytes
[[nodiscard]] std::string sha256(std::string_view data);  // 32 raw bytes
[[nodiscard]] std::string sha512(std::string_view data);  // 64 raw bytes

[[nodiscard]] std::string toHex(std::string_view raw);
// Nix's base-32 (digits and letters without e, o, u, t; last byte first).
[[nodiscard]] std::string toNixBase32(std::string_view raw);
// Standard base-64 with padding (RFC 4648), as SRI hashes write it.
[[nodiscard]] std::string toBase64(std::string_view raw);
// Decodes Nix base-32 or base-64 text into raw bytes; nullopt when the text
// is not valid.
[[nodiscard]] std::optional<std::string> fromNixBase32(std::string_view text);
[[nodiscard]] std::optional<std::string> fromBase64(std::string_view text);
[[nodiscard]] std::optional<std::string> fromHex(std::string_view text);

// A SHA-256 written as hex, Nix base-32, base-64 or SRI ("sha256-…"),
// decoded to its 32 bytes; nullopt when it is none of these.
[[nodiscard]] std::optional<std::string> parseSha256(std::string_view text);

// Nix's store path for content of `type` ("source", "text", "output:out")
// whose SHA-256 is `hashHex`: /nix/store/<32 base-32 chars>-<name>.
[[nodiscard]] std::string makeStorePath(std::string_view type, std::string_view hashHex,
                                        std::string_view name);

// XOR-folds a digest to `size` bytes (store path hashes are 20 bytes).
[[nodiscard]] std::string compressHash(std::string_view raw, std::size_t size);

}  // namespace fw::eval
